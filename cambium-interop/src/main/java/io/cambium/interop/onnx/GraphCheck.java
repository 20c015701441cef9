package io.cambium.interop.onnx;

import io.cambium.interop.onnx.proto.GraphProto;
import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.interop.onnx.proto.OperatorSetIdProto;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.interop.onnx.proto.ValueInfoProto;
import java.util.HashSet;
import java.util.Set;

/**
 * The structural rules of ONNX's IR that Cambium checks on every model it writes or reads (the
 * part of {@code onnx.checker} that does not need operator schemas): an opset for the default
 * domain, unique value names assigned once (static single assignment), every node input defined
 * by a graph input, an initializer or an earlier node (which also rules out cycles, since nodes
 * must be listed in topological order), and every graph output produced.
 */
public final class GraphCheck {
    private GraphCheck() {
    }

    /**
     * Checks the model.
     *
     * @throws OnnxFormatException naming the first node or value that breaks a rule
     */
    public static void check(ModelProto model) {
        if (!model.hasGraph()) {
            throw new OnnxFormatException("ONNX model has no graph");
        }
        boolean defaultDomain = false;
        for (OperatorSetIdProto op : model.getOpsetImportList()) {
            if (op.getDomain().isEmpty() || op.getDomain().equals("ai.onnx")) {
                defaultDomain = true;
            }
        }
        if (!defaultDomain) {
            throw new OnnxFormatException("ONNX model imports no opset of the default domain (ai.onnx)");
        }
        check(model.getGraph());
    }

    /** Checks one graph (see {@link #check(ModelProto)}). */
    public static void check(GraphProto g) {
        Set<String> defined = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            if (t.getName().isEmpty()) {
                throw new OnnxFormatException("ONNX graph '" + g.getName() + "': an initializer has no name");
            }
            if (!defined.add(t.getName())) {
                throw new OnnxFormatException("ONNX graph '" + g.getName() + "': initializer '" + t.getName()
                        + "' is defined twice");
            }
        }
        Set<String> inputs = new HashSet<>();
        for (ValueInfoProto in : g.getInputList()) {
            if (!inputs.add(in.getName())) {
                throw new OnnxFormatException("ONNX graph '" + g.getName() + "': input '" + in.getName() + "' is listed twice");
            }
            // Before IR 4 initializers were also listed as inputs: that is allowed.
            defined.add(in.getName());
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            String where = "node " + i + " '" + n.getName() + "' (" + n.getOpType() + ")";
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    throw new OnnxFormatException("ONNX graph '" + g.getName() + "': " + where + " reads '" + in
                            + "', which no graph input, initializer or earlier node defines (a missing value,"
                            + " nodes out of topological order, or a cycle)");
                }
            }
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (!defined.add(out)) {
                    throw new OnnxFormatException("ONNX graph '" + g.getName() + "': " + where + " assigns '" + out
                            + "', which is already defined (values are assigned once)");
                }
            }
        }
        for (ValueInfoProto out : g.getOutputList()) {
            if (!defined.contains(out.getName())) {
                throw new OnnxFormatException("ONNX graph '" + g.getName() + "': output '" + out.getName()
                        + "' is not produced by any node");
            }
        }
    }
}
