package io.cambium.interop.onnx;

import io.cambium.interop.onnx.proto.GraphProto;
import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.interop.onnx.proto.OperatorSetIdProto;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.interop.onnx.proto.TensorShapeProto;
import io.cambium.interop.onnx.proto.TypeProto;
import io.cambium.interop.onnx.proto.ValueInfoProto;
import io.cambium.nn.GraphNode;
import io.cambium.nn.InputLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.io.AtomicFile;
import io.cambium.nn.layers.attention.TokenAndPositionEmbedding;
import io.cambium.nn.layers.embedding.Embedding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a Cambium model as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION})
 * for inference: Sequential and functional models, nested models, and every layer with a
 * {@link LayerExporter}. Weights become initializers; dropout and noise layers disappear (their
 * inference form is the identity); batch normalization uses its moving statistics. The batch axis
 * is dynamic ({@code batch}); other sizes are fixed as the model was built, except those the model
 * itself leaves open (a sequence length of {@code -1}). An input read only by embeddings is an
 * int64 tensor of ids, any other input float32. A subclassed model exports when it has a registered
 * exporter and {@link OnnxSignature} (cambium-llm's GPT: int64 {@code input_ids [batch, sequence]}
 * to {@code logits [batch, sequence, vocab]}).
 *
 * <pre>{@code
 * OnnxExporter.save(model, Path.of("model.onnx"));
 * }</pre>
 */
public final class OnnxExporter {
    /** The opset version of the default domain written by Cambium. */
    public static final int OPSET = 17;
    /** The IR version matching {@link #OPSET} (ONNX 1.12). */
    public static final int IR_VERSION = 8;

    private OnnxExporter() {
    }

    /** Writes the model to an ONNX file, atomically. */
    public static void save(Model model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFile.write(file, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /** The model's ONNX serialization. */
    public static byte[] toBytes(Model model) {
        return toProto(model).toByteArray();
    }

    /**
     * The model as an ONNX {@code ModelProto}.
     *
     * @throws IllegalArgumentException when the model's input shape is not known yet (build it first)
     * @throws UnsupportedOperationException naming the first layer or option ONNX cannot express
     */
    public static ModelProto toProto(Model model) {
        if (!model.isGraphNetwork() && LayerExporters.find(model.getClass()) == null) {
            throw new UnsupportedOperationException("ONNX export: " + model.describe() + " is a subclassed model with no"
                    + " registered exporter (LayerExporters.register); Sequential and functional models export directly");
        }
        // A subclassed model (a GPT) declares its inputs; a graph model has them.
        OnnxSignature sig = model.isGraphNetwork() ? null : LayerExporters.signature(model);
        List<int[]> inShapes = sig == null ? model.inputShapes() : signatureShapes(sig);
        if (inShapes == null) {
            throw new IllegalArgumentException("ONNX export: " + model.describe() + " has no known input shape: give its"
                    + " first layer an inputShape(...) or build it before exporting"
                    + (model.isGraphNetwork() ? "" : " (a subclassed model needs LayerExporters.registerSignature)"));
        }
        GraphProto.Builder g = GraphProto.newBuilder().setName(model.name());
        ExportContext ctx = new ExportContext(g, OPSET);
        List<String> inNames = sig == null ? inputNames(model, inShapes.size()) : unique(sig.inputs().stream()
                .map(OnnxSignature.Input::name).toList());
        List<String> outNames = sig == null ? outputNames(model) : unique(sig.outputs());
        for (String n : inNames) {
            ctx.reserve(n);
        }
        for (String n : outNames) {
            ctx.reserve(n);
        }
        boolean[] ids = sig == null ? idInputs(model, inShapes.size()) : signatureIds(sig);
        List<OnnxValue> inputs = new ArrayList<>();
        for (int i = 0; i < inShapes.size(); i++) {
            int[] s = inShapes.get(i);
            OnnxValue v = ids[i] ? ctx.ids(inNames.get(i), s) : ctx.channelsLast(inNames.get(i), s);
            inputs.add(v);
            g.addInput(valueInfo(inNames.get(i), s, ids[i] ? TensorProto.DataType.INT64_VALUE
                    : TensorProto.DataType.FLOAT_VALUE, true, sig == null ? null : sig.inputs().get(i).dimNames()));
        }
        List<OnnxValue> outs = model.isGraphNetwork() ? ctx.exportModel(model, inputs) : ctx.export(model, inputs);
        if (outs.size() != outNames.size()) {
            throw new IllegalStateException("ONNX export: " + model.describe() + " gave " + outs.size() + " outputs, expected "
                    + outNames.size());
        }
        for (int i = 0; i < outs.size(); i++) {
            OnnxValue o = outs.get(i);
            ctx.nodeNamed("Identity", List.of(ctx.last(o)), List.of(outNames.get(i)));
            g.addOutput(valueInfo(outNames.get(i), o.shape(), o.isIds() ? TensorProto.DataType.INT64_VALUE
                    : TensorProto.DataType.FLOAT_VALUE, false));
        }
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("cambium")
                .setProducerVersion(version())
                .setModelVersion(1)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g)
                .build();
    }

    private static String version() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static List<String> inputNames(Model model, int n) {
        List<String> out = new ArrayList<>();
        List<SymbolicTensor> ins = model.inputs();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = ins != null && i < ins.size() ? ins.get(i).layer().name() : "input_" + (i + 1);
            if (!seen.add(name)) {
                name = name + "_" + i;
                seen.add(name);
            }
            out.add(name);
        }
        return out;
    }

    private static List<int[]> signatureShapes(OnnxSignature sig) {
        List<int[]> out = new ArrayList<>();
        for (OnnxSignature.Input in : sig.inputs()) {
            out.add(in.shape());
        }
        return out;
    }

    private static boolean[] signatureIds(OnnxSignature sig) {
        boolean[] ids = new boolean[sig.inputs().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = sig.inputs().get(i).ids();
        }
        return ids;
    }

    private static List<String> outputNames(Model model) {
        return unique(model.outputNames());
    }

    /** The names, a repeated one suffixed with {@code _1}, {@code _2}, ... */
    private static List<String> unique(List<String> names) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            String name = n;
            for (int i = 1; !seen.add(name); i++) {
                name = n + "_" + i;
            }
            out.add(name);
        }
        return out;
    }

    /** Which inputs are read only by layers that take ids (embeddings): those become int64. */
    private static boolean[] idInputs(Model model, int n) {
        boolean[] ids = new boolean[n];
        if (model instanceof Sequential s) {
            ids[0] = !s.layers().isEmpty() && takesIds(s.layers().get(0));
            return ids;
        }
        if (!model.isGraphNetwork()) {
            return ids;
        }
        List<SymbolicTensor> ins = model.inputs();
        for (int i = 0; i < n; i++) {
            boolean any = false;
            boolean all = true;
            for (GraphNode node : model.nodes()) {
                if (node.layer() instanceof InputLayer) {
                    continue;
                }
                for (SymbolicTensor t : node.inputs()) {
                    if (t == ins.get(i)) {
                        any = true;
                        all &= takesIds(node.layer());
                    }
                }
            }
            ids[i] = any && all;
        }
        return ids;
    }

    private static boolean takesIds(Layer l) {
        if (l instanceof Sequential s) {
            return !s.layers().isEmpty() && takesIds(s.layers().get(0));
        }
        return l instanceof Embedding || l instanceof TokenAndPositionEmbedding;
    }

    /** A tensor's declaration: the batch axis is {@code batch}; other unknown sizes are named on inputs only. */
    static ValueInfoProto valueInfo(String name, int[] shape, int elemType, boolean input) {
        return valueInfo(name, shape, elemType, input, null);
    }

    /** {@link #valueInfo(String, int[], int, boolean)} with the symbolic names of run-time sizes (null: generated). */
    static ValueInfoProto valueInfo(String name, int[] shape, int elemType, boolean input, List<String> dimNames) {
        TensorShapeProto.Builder sb = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.length; i++) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (i == 0) {
                d.setDimParam("batch");
            } else if (shape[i] < 0) {
                if (input) {
                    d.setDimParam(dimNames != null && dimNames.get(i) != null ? dimNames.get(i) : name + "_dim" + i);
                }
            } else {
                d.setDimValue(shape[i]);
            }
            sb.addDim(d);
        }
        TypeProto t = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(sb))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(t).build();
    }
}
