package io.cambium.board.tensorboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.cambium.board.tensorboard.proto.AttrValue;
import io.cambium.board.tensorboard.proto.DataType;
import io.cambium.board.tensorboard.proto.GraphDef;
import io.cambium.board.tensorboard.proto.NodeDef;
import io.cambium.board.tensorboard.proto.TensorShapeProto;
import io.cambium.board.tensorboard.proto.VersionDef;
import io.cambium.nn.ForwardHook;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's graph for TensorBoard's graphs dashboard, traced from one forward pass (as PyTorch's
 * {@code add_graph} does): one node per layer call, named by the layers that contain it
 * ({@code sequential/dense_1}), its op the layer's class, its inputs the nodes whose outputs it
 * read, with the output shapes and the layer's parameter count and configuration as attributes.
 * Tracing works for Sequential, functional and subclassed models alike.
 */
public final class ModelGraph {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelGraph() {
    }

    /**
     * The graph of {@code model} on a batch of one sample of zeros shaped as its inputs.
     *
     * @throws IllegalArgumentException when the model does not know its input shapes yet (give
     *     example inputs to {@link #trace(Model, List)})
     */
    public static GraphDef trace(Model model) {
        List<int[]> shapes = model.inputShapes();
        if (shapes == null) {
            throw new IllegalArgumentException(model.describe() + ": the input shapes are not known before a call;"
                    + " trace the graph with example inputs");
        }
        List<Tensor> inputs = new ArrayList<>();
        for (int[] s : shapes) {
            int[] one = s.clone();
            one[0] = 1;
            for (int i = 1; i < one.length; i++) {
                if (one[i] < 0) {
                    throw new IllegalArgumentException(model.describe() + ": input shape " + Layer.shapeStr(s)
                            + " has an unknown axis; trace the graph with example inputs");
                }
            }
            inputs.add(Tensor.zeros(one));
        }
        return trace(model, inputs);
    }

    /** The graph of {@code model} traced on {@code inputs} (not trained: inference mode, nothing recorded). */
    public static GraphDef trace(Model model, List<Tensor> inputs) {
        GraphDef.Builder g = GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(22));
        Map<Tensor, String> producers = new IdentityHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            String name = "input_" + (i + 1);
            used.put(name, 1);
            producers.put(inputs.get(i), name);
            g.addNode(NodeDef.newBuilder().setName(name).setOp("Placeholder")
                    .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                    .putAttr("_output_shapes", shapes(List.of(inputs.get(i)))));
        }
        Deque<String> scopes = new ArrayDeque<>();
        List<ForwardHook.Handle> handles = new ArrayList<>();
        int[] constants = {0};
        ForwardHook hook = new ForwardHook() {
            @Override
            public void beforeCall(Layer layer, List<Tensor> in, boolean training) {
                if (!layer.childLayers().isEmpty()) {
                    scopes.addLast(layer.name());
                }
            }

            @Override
            public void afterCall(Layer layer, List<Tensor> in, List<Tensor> outputs, boolean training) {
                if (!layer.childLayers().isEmpty()) {
                    scopes.pollLast();
                    return;
                }
                if (outputs == null) {
                    return;
                }
                String base = (scopes.isEmpty() ? "" : String.join("/", scopes) + "/") + layer.name();
                int n = used.merge(base, 1, Integer::sum);
                String name = n == 1 ? base : base + "_" + (n - 1);
                NodeDef.Builder node = NodeDef.newBuilder().setName(name).setOp(layer.className());
                for (Tensor t : in) {
                    String src = producers.get(t);
                    if (src == null) {
                        // Computed outside any layer (plain tensor code in a subclassed model).
                        src = "tensor_" + (++constants[0]);
                        producers.put(t, src);
                        g.addNode(NodeDef.newBuilder().setName(src).setOp("Tensor")
                                .putAttr("_output_shapes", shapes(List.of(t))));
                    }
                    node.addInput(src);
                }
                node.putAttr("_output_shapes", shapes(outputs));
                node.putAttr("params", AttrValue.newBuilder().setI(layer.countParams()).build());
                try {
                    node.putAttr("config", AttrValue.newBuilder().setS(ByteString.copyFrom(
                            JSON.writeValueAsString(layer.config()), StandardCharsets.UTF_8)).build());
                } catch (Exception e) {
                    // A configuration that does not serialize only loses its attribute.
                }
                g.addNode(node);
                for (int i = 0; i < outputs.size(); i++) {
                    producers.putIfAbsent(outputs.get(i), i == 0 ? name : name + ":" + i);
                }
            }
        };
        try (NoGrad ignored = NoGrad.scope()) {
            for (Layer l : model.allLayersIncludingSelf()) {
                handles.add(l.addForwardHook(hook));
            }
            model.applyAll(inputs, false);
            model.clearLosses();
        } finally {
            for (ForwardHook.Handle h : handles) {
                h.close();
            }
        }
        return g.build();
    }

    private static AttrValue shapes(List<Tensor> tensors) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (Tensor t : tensors) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            int[] dims = t.shape();
            for (int i = 0; i < dims.length; i++) {
                // The batch axis is not part of the model: -1, "unknown", as TensorFlow writes it.
                s.addDim(TensorShapeProto.Dim.newBuilder().setSize(i == 0 ? -1 : dims[i]));
            }
            list.addShape(s);
        }
        return AttrValue.newBuilder().setList(list).build();
    }
}
