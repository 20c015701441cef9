package io.cambium.interop.onnx;

import io.cambium.interop.onnx.proto.AttributeProto;
import io.cambium.interop.onnx.proto.GraphProto;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.nn.GraphNode;
import io.cambium.nn.InputLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The graph under construction during an export, handed to every {@link LayerExporter}: it names
 * values uniquely, adds nodes and initializers, converts between Cambium's channels-last layout
 * and ONNX's channels-first one on demand, and exports nested layers and models.
 */
public final class ExportContext {
    private final GraphProto.Builder graph;
    private final Set<String> names = new HashSet<>();
    private final int opset;
    private final Map<Variable, String> weights = new IdentityHashMap<>();
    private final Map<Object, Object> shared = new HashMap<>();

    ExportContext(GraphProto.Builder graph, int opset) {
        this.graph = graph;
        this.opset = opset;
    }

    /** The opset version of the default ONNX domain being written. */
    public int opset() {
        return opset;
    }

    // ---------------------------------------------------------------- names and values

    /** A value name not used yet in this graph, derived from {@code base}. */
    public String fresh(String base) {
        String b = base == null || base.isEmpty() ? "v" : base;
        if (names.add(b)) {
            return b;
        }
        for (int i = 1; ; i++) {
            String n = b + "_" + i;
            if (names.add(n)) {
                return n;
            }
        }
    }

    /** Marks a name as taken (graph inputs). */
    void reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("ONNX export: two graph inputs are named '" + name + "'");
        }
    }

    /** A float value in Cambium's channels-last layout. */
    public OnnxValue channelsLast(String name, int[] shape) {
        return new OnnxValue(shape, name, null, false);
    }

    /**
     * A float value available in channels-first layout ({@code (N, C, spatial...)}); {@code shape}
     * is the Cambium (channels-last) shape it stands for.
     */
    public OnnxValue channelsFirst(String name, int[] shape) {
        if (shape.length < 3) {
            return new OnnxValue(shape, name, null, false);
        }
        return new OnnxValue(shape, null, name, false);
    }

    /** An int64 value of ids (token or class indices). */
    public OnnxValue ids(String name, int[] shape) {
        return new OnnxValue(shape, name, null, true);
    }

    /** The value's name in channels-last layout, transposing once if only the other exists. */
    public String last(OnnxValue v) {
        if (v.channelsLast == null) {
            v.channelsLast = node("Transpose", v.channelsFirst + "_nhwc", List.of(v.channelsFirst),
                    Attr.ints("perm", toLast(v.rank())));
        }
        return v.channelsLast;
    }

    /** The value's name in channels-first layout (the same as channels-last below rank 3). */
    public String first(OnnxValue v) {
        if (v.rank() < 3) {
            return last(v);
        }
        if (v.channelsFirst == null) {
            v.channelsFirst = node("Transpose", v.channelsLast + "_nchw", List.of(v.channelsLast),
                    Attr.ints("perm", toFirst(v.rank())));
        }
        return v.channelsFirst;
    }

    /** The value as int64 ids (a Cast when it holds floats). */
    public String ids(OnnxValue v) {
        String n = last(v);
        return v.isIds() ? n : node("Cast", n + "_ids", List.of(n), Attr.i("to", TensorProto.DataType.INT64_VALUE));
    }

    /** The permutation from channels-last to channels-first for a rank. */
    public static long[] toFirst(int rank) {
        long[] p = new long[rank];
        p[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    /** The permutation from channels-first to channels-last for a rank. */
    public static long[] toLast(int rank) {
        long[] p = new long[rank];
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1;
        }
        p[rank - 1] = 1;
        return p;
    }

    /**
     * Applies a layout-independent (elementwise) computation in whichever layout the value has,
     * preferring channels-first when it exists, so that no transpose is added.
     *
     * @param op maps the input's name to the output's name
     */
    public OnnxValue elementwise(OnnxValue in, int[] outShape, UnaryOperator<String> op) {
        if (in.channelsFirst != null && in.rank() >= 3) {
            return new OnnxValue(outShape, null, op.apply(in.channelsFirst), false);
        }
        return new OnnxValue(outShape, op.apply(in.channelsLast), null, false);
    }

    // ---------------------------------------------------------------- nodes and initializers

    /** Adds a node with one output named after {@code outBase}; returns the output's name. */
    public String node(String opType, String outBase, List<String> inputs, AttributeProto... attributes) {
        return nodes(opType, outBase, 1, inputs, attributes).get(0);
    }

    /**
     * Adds a node with {@code outputs} outputs (named {@code outBase}, {@code outBase_1}, ...);
     * an empty input name stands for an omitted optional input.
     */
    public List<String> nodes(String opType, String outBase, int outputs, List<String> inputs,
                              AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(fresh("node_" + outBase));
        n.addAllInput(inputs);
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            String o = fresh(outBase);
            outs.add(o);
            n.addOutput(o);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return outs;
    }

    /** Adds a node whose outputs have the given (reserved) names. */
    void nodeNamed(String opType, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(fresh("node_" + outputs.get(0)));
        n.addAllInput(inputs);
        n.addAllOutput(outputs);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    /** Adds a float32 initializer; returns its name. */
    public String weight(String base, Tensor value) {
        String name = fresh(base);
        graph.addInitializer(OnnxTensors.floats(name, value));
        return name;
    }

    /** Adds a float32 initializer from row-major values. */
    public String weight(String base, float[] values, int... shape) {
        String name = fresh(base);
        graph.addInitializer(OnnxTensors.floats(name, values, shape));
        return name;
    }

    /**
     * A variable's value as an initializer named after the variable; exported once, so that a
     * layer shared at several places of the graph keeps one copy of its weights.
     */
    public String weight(Variable v) {
        return weights.computeIfAbsent(v, k -> weight(k.name(), k.value()));
    }

    /** Adds a 1-D int64 initializer (shapes, axes, pads); returns its name. */
    public String longs(String base, long... values) {
        String name = fresh(base);
        graph.addInitializer(OnnxTensors.longs(name, values, values.length));
        return name;
    }

    /** Adds a float32 scalar initializer. */
    public String scalar(String base, float value) {
        String name = fresh(base);
        graph.addInitializer(OnnxTensors.floats(name, new float[] {value}));
        return name;
    }

    /**
     * What an exporter shared with the others of this graph under {@code key} ({@link #share}), or
     * {@code null}: constants several layers read (the rotary tables of a GPT's blocks) are written
     * once. Keys are compared with {@code equals}; a record of the parameters the value depends on
     * makes a good key.
     */
    public Object shared(Object key) {
        return shared.get(key);
    }

    /** Shares {@code value} (typically names of initializers or nodes) with later exporters of this graph. */
    public void share(Object key, Object value) {
        shared.put(key, value);
    }

    // ---------------------------------------------------------------- layers and models

    /**
     * Exports a layer (or a nested model) applied to {@code inputs}.
     *
     * @throws UnsupportedOperationException naming the layer when it has no ONNX form
     */
    public List<OnnxValue> export(Layer layer, List<OnnxValue> inputs) {
        if (layer instanceof Model m && m.isGraphNetwork()) {
            return exportModel(m, inputs);
        }
        LayerExporter<Layer> e = LayerExporters.find(layer.getClass());
        if (e == null) {
            throw new UnsupportedOperationException("ONNX export: " + layer.describe() + " (" + layer.getClass().getName()
                    + ") has no ONNX mapping; register one with LayerExporters.register");
        }
        List<OnnxValue> out = e.export(layer, inputs, this);
        if (out == null || out.isEmpty()) {
            throw new IllegalStateException("ONNX export: the exporter of " + layer.describe() + " returned no output");
        }
        return out;
    }

    /** Exports the layers of a Sequential or functional model applied to {@code inputs}. */
    public List<OnnxValue> exportModel(Model model, List<OnnxValue> inputs) {
        if (model instanceof Sequential s) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("ONNX export: " + s.describe() + " takes 1 input, got " + inputs.size());
            }
            List<OnnxValue> x = inputs;
            for (Layer l : s.layers()) {
                x = export(l, x);
                if (x.size() != 1) {
                    throw new UnsupportedOperationException("ONNX export: " + l.describe() + " returns " + x.size()
                            + " tensors inside a Sequential model");
                }
            }
            return x;
        }
        List<SymbolicTensor> ins = model.inputs();
        if (ins.size() != inputs.size()) {
            throw new IllegalArgumentException("ONNX export: " + model.describe() + " takes " + ins.size()
                    + " inputs, got " + inputs.size());
        }
        Map<SymbolicTensor, OnnxValue> values = new IdentityHashMap<>();
        for (int i = 0; i < ins.size(); i++) {
            values.put(ins.get(i), inputs.get(i));
        }
        for (GraphNode n : model.nodes()) {
            if (n.layer() instanceof InputLayer) {
                continue;
            }
            List<OnnxValue> args = new ArrayList<>();
            for (SymbolicTensor s : n.inputs()) {
                OnnxValue v = values.get(s);
                if (v == null) {
                    throw new IllegalStateException("ONNX export: " + n.layer().describe() + " reads a tensor that is not computed yet");
                }
                args.add(v);
            }
            List<OnnxValue> outs = export(n.layer(), args);
            if (outs.size() != n.outputs().size()) {
                throw new IllegalStateException("ONNX export: " + n.layer().describe() + " exported " + outs.size()
                        + " outputs, its graph node has " + n.outputs().size());
            }
            for (int i = 0; i < outs.size(); i++) {
                values.put(n.outputs().get(i), outs.get(i));
            }
        }
        List<OnnxValue> result = new ArrayList<>();
        for (SymbolicTensor o : model.outputs()) {
            result.add(values.get(o));
        }
        return result;
    }
}
