package io.cambium.interop.onnx;

import io.cambium.Cambium;
import io.cambium.interop.onnx.proto.GraphProto;
import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.interop.onnx.proto.ValueInfoProto;
import io.cambium.interop.onnx.runtime.IntArray;
import io.cambium.interop.onnx.runtime.NodeState;
import io.cambium.interop.onnx.runtime.OnnxOp;
import io.cambium.interop.onnx.runtime.Operators;
import io.cambium.interop.onnx.runtime.Runner;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.io.AtomicFile;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model imported from ONNX: its graph evaluated with Cambium's differentiable operations, its
 * float initializers trainable variables, so that it predicts like the original and can be
 * compiled, fitted and evaluated like any Cambium model (fine-tuning). Inputs and outputs keep
 * the ONNX graph's layout (channels-first for a model exported from PyTorch); an input the graph
 * declares as integer (token ids) takes a float tensor of ids. Batch normalization uses batch
 * statistics and updates its running statistics while training (with PyTorch's unbiased variance
 * for a model PyTorch exported). Load one with {@link OnnxImporter}; {@link #exportOnnx} writes it
 * back with the current weights.
 */
public final class OnnxModel extends Model {
    private final Runner runner;
    private final List<ValueInfoProto> inputInfo;
    private final List<ValueInfoProto> outputInfo;
    private final Map<String, Variable> params;
    private final Map<String, Object> constants;
    private final List<int[]> inputShapes;
    private final List<Boolean> intInputs;
    private final int opset;

    OnnxModel(String name, List<NodeProto> nodes, List<ValueInfoProto> inputs, List<ValueInfoProto> outputs,
              Map<String, Object> initializers, java.util.Set<String> statistics, int opset, boolean pytorch) {
        super(name);
        this.inputInfo = List.copyOf(inputs);
        this.outputInfo = List.copyOf(outputs);
        this.opset = opset;
        this.params = new LinkedHashMap<>();
        this.constants = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : initializers.entrySet()) {
            if (e.getValue() instanceof Tensor t) {
                Variable v = weight(e.getKey(), t, !statistics.contains(e.getKey()));
                params.put(e.getKey(), v);
            } else {
                constants.put(e.getKey(), e.getValue());
            }
        }
        List<OnnxOp> ops = new ArrayList<>();
        List<NodeState> states = new ArrayList<>();
        for (NodeProto n : nodes) {
            ops.add(Operators.get(n.getOpType()));
            NodeState st = null;
            if (n.getOpType().equals("BatchNormalization") && n.getInputCount() >= 5) {
                Variable m = params.get(n.getInput(3));
                Variable v = params.get(n.getInput(4));
                if (m != null && v != null) {
                    st = new NodeState(m, v, pytorch);
                }
            }
            states.add(st);
        }
        this.runner = new Runner(nodes, ops, states, opset);
        this.inputShapes = new ArrayList<>();
        this.intInputs = new ArrayList<>();
        for (ValueInfoProto in : inputs) {
            inputShapes.add(OnnxImporter.declaredShape(in));
            intInputs.add(OnnxImporter.isIntType(in));
        }
        markBuilt();
    }

    @Override
    public void build(List<int[]> inputShapes) {
        // The weights come from the file.
    }

    private Variable weight(String name, Tensor value, boolean trainable) {
        return addWeight(name, value.shape(), (shape, rng) -> value, null, null, trainable);
    }

    /** The variable holding a float initializer of the graph, or {@code null}. */
    public Variable parameter(String initializerName) {
        return params.get(initializerName);
    }

    /** The number of nodes evaluated per call. */
    public int nodeCount() {
        return runner.nodeCount();
    }

    /** The op types used by the graph, with counts, in first-use order. */
    public Map<String, Integer> opTypes() {
        return runner.opTypes();
    }

    /** The opset version of the default domain. */
    public int opset() {
        return opset;
    }

    @Override
    public boolean isGraphNetwork() {
        return false;
    }

    @Override
    public List<int[]> inputShapes() {
        List<int[]> out = new ArrayList<>();
        for (int[] s : inputShapes) {
            out.add(s.clone());
        }
        return out;
    }

    @Override
    public int outputCount() {
        return outputInfo.size();
    }

    @Override
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (ValueInfoProto o : outputInfo) {
            out.add(o.getName());
        }
        return out;
    }

    @Override
    protected void checkInputs(List<int[]> shapes) {
        if (shapes.size() != inputInfo.size()) {
            throw new IllegalArgumentException(describe() + ": expects " + inputInfo.size() + " inputs "
                    + inputNames() + ", got " + shapes.size());
        }
        for (int i = 0; i < shapes.size(); i++) {
            int[] want = inputShapes.get(i);
            int[] got = shapes.get(i);
            boolean ok = want.length == got.length;
            for (int a = 1; ok && a < got.length; a++) {
                ok = want[a] < 0 || got[a] < 0 || want[a] == got[a];
            }
            if (!ok) {
                throw new IllegalArgumentException(describe() + ": input '" + inputInfo.get(i).getName() + "' expected "
                        + shapeStr(want) + ", got " + shapeStr(got));
            }
        }
    }

    private List<String> inputNames() {
        List<String> n = new ArrayList<>();
        for (ValueInfoProto v : inputInfo) {
            n.add(v.getName());
        }
        return n;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        List<Tensor> out = callAll(List.of(x), training);
        if (out.size() != 1) {
            throw new IllegalStateException(describe() + " has " + out.size() + " outputs: use callAll");
        }
        return out.get(0);
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        List<Tensor> out = callAll(inputs, training);
        if (out.size() != 1) {
            throw new IllegalStateException(describe() + " has " + out.size() + " outputs: use callAll");
        }
        return out.get(0);
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        checkInputs(shapes(inputs));
        Map<String, Object> values = new java.util.HashMap<>(constants);
        for (Map.Entry<String, Variable> e : params.entrySet()) {
            values.put(e.getKey(), e.getValue().value());
        }
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = inputs.get(i);
            values.put(inputInfo.get(i).getName(), intInputs.get(i) ? IntArray.fromTensor(t) : t);
        }
        runner.run(values, training, Cambium.rng());
        List<Tensor> out = new ArrayList<>();
        for (ValueInfoProto o : outputInfo) {
            Object v = values.get(o.getName());
            out.add(v instanceof Tensor t ? t : ((IntArray) v).toTensor());
        }
        return out;
    }

    private static List<int[]> shapes(List<Tensor> ts) {
        List<int[]> out = new ArrayList<>();
        for (Tensor t : ts) {
            out.add(t.shape());
        }
        return out;
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> shapes) {
        List<int[]> out = new ArrayList<>();
        for (ValueInfoProto o : outputInfo) {
            out.add(OnnxImporter.declaredShape(o));
        }
        return out;
    }

    /** The graph with the current weights (trained or not), as an ONNX model. */
    public ModelProto toProto() {
        GraphProto.Builder g = GraphProto.newBuilder().setName(name());
        g.addAllInput(inputInfo);
        g.addAllOutput(outputInfo);
        g.addAllNode(runner.nodes());
        try (NoGrad ng = NoGrad.scope()) {
            for (Map.Entry<String, Variable> e : params.entrySet()) {
                g.addInitializer(OnnxTensors.floats(e.getKey(), e.getValue().value()));
            }
        }
        for (Map.Entry<String, Object> e : constants.entrySet()) {
            IntArray a = (IntArray) e.getValue();
            g.addInitializer(OnnxTensors.longs(e.getKey(), a.data(), a.shape()));
        }
        return ModelProto.newBuilder().setIrVersion(OnnxExporter.IR_VERSION).setProducerName("cambium")
                .addOpsetImport(io.cambium.interop.onnx.proto.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g).build();
    }

    /** Writes the model with its current weights as an ONNX file, atomically. */
    public void exportOnnx(Path file) throws IOException {
        byte[] bytes = toProto().toByteArray();
        AtomicFile.write(file, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }
}
