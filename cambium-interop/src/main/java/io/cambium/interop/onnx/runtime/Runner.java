package io.cambium.interop.onnx.runtime;

import io.cambium.interop.onnx.OnnxFormatException;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a topologically ordered ONNX graph: each node's op on the values named by its inputs,
 * its outputs stored under their names. Errors from the tensor operations (shapes that do not
 * fit, indices out of range) are reported with the node that caused them.
 */
public final class Runner {
    private final List<NodeProto> nodes;
    private final List<OnnxOp> ops;
    private final List<NodeState> states;
    private final List<NodeAttrs> attrs = new ArrayList<>();
    private final int opset;

    /** A runner over nodes in execution order with their ops and per-node state (may be null). */
    public Runner(List<NodeProto> nodes, List<OnnxOp> ops, List<NodeState> states, int opset) {
        this.nodes = List.copyOf(nodes);
        this.ops = List.copyOf(ops);
        this.states = new ArrayList<>(states);
        this.opset = opset;
        for (NodeProto n : nodes) {
            attrs.add(new NodeAttrs(n));
        }
    }

    /** The nodes in execution order. */
    public List<NodeProto> nodes() {
        return nodes;
    }

    /** The number of nodes. */
    public int nodeCount() {
        return nodes.size();
    }

    /** Op types with their counts, in first-use order. */
    public Map<String, Integer> opTypes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (NodeProto n : nodes) {
            m.merge(n.getOpType(), 1, Integer::sum);
        }
        return m;
    }

    /**
     * Runs every node; {@code values} holds the graph inputs and initializers on entry and every
     * computed value on exit.
     */
    public void run(Map<String, Object> values, boolean training, Rng rng) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            List<Object> in = new ArrayList<>(n.getInputCount());
            for (String name : n.getInputList()) {
                if (name.isEmpty()) {
                    in.add(null);
                    continue;
                }
                Object v = values.get(name);
                if (v == null) {
                    throw attrs.get(i).error("input '" + name + "' has no value");
                }
                in.add(v);
            }
            while (!in.isEmpty() && in.get(in.size() - 1) == null) {
                in.remove(in.size() - 1);
            }
            OpCall call = new OpCall(attrs.get(i), in, training, states.get(i), opset, rng);
            List<Object> out;
            try {
                out = ops.get(i).run(call);
            } catch (OnnxFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw attrs.get(i).error(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            for (int k = 0; k < n.getOutputCount(); k++) {
                String name = n.getOutput(k);
                if (name.isEmpty()) {
                    continue;
                }
                if (k >= out.size()) {
                    throw attrs.get(i).error("output " + k + " ('" + name + "') is not computed");
                }
                values.put(name, out.get(k));
            }
        }
    }
}
