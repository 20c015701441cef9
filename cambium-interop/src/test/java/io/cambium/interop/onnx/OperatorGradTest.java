package io.cambium.interop.onnx;

import io.cambium.interop.onnx.proto.AttributeProto;
import io.cambium.interop.onnx.proto.GraphProto;
import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.interop.onnx.proto.OperatorSetIdProto;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the imported operators' gradients with respect to every float
 * input (weights included: an initializer takes the same path as a graph input), so that
 * fine-tuning an imported model trains what the original would.
 */
class OperatorGradTest {
    /** A one-node model whose inputs are all float graph inputs of the given shapes. */
    private static OnnxModel single(String op, int[][] shapes, int outputs, List<TensorProto> constants,
                                    List<String> constantInputs, AttributeProto... attrs) {
        GraphProto.Builder g = GraphProto.newBuilder().setName(op);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op);
        for (int i = 0; i < shapes.length; i++) {
            int[] s = shapes[i].clone();
            g.addInput(OnnxExporter.valueInfo("in" + i, s, TensorProto.DataType.FLOAT_VALUE, true));
            n.addInput("in" + i);
        }
        n.addAllInput(constantInputs);
        g.addAllInitializer(constants);
        for (int k = 0; k < outputs; k++) {
            n.addOutput("out" + k);
            g.addOutput(OnnxExporter.valueInfo("out" + k, new int[] {-1}, TensorProto.DataType.FLOAT_VALUE, false));
        }
        n.addAllAttribute(Arrays.asList(attrs));
        g.addNode(n);
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g).build();
        return OnnxImporter.read(m.toByteArray());
    }

    private static void check(OnnxModel m, int[]... shapes) {
        Rng rng = new Rng(42);
        Tensor[] in = new Tensor[shapes.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = Tensor.normal(rng, 0f, 1f, shapes[i]);
        }
        GradCheck.of(x -> {
            List<Tensor> args = new ArrayList<>(Arrays.asList(x));
            // All outputs, flattened: GradCheck projects them randomly in double precision.
            List<Tensor> outs = new ArrayList<>();
            for (Tensor o : m.callAll(args, false)) {
                outs.add(o.reshape(-1));
            }
            return Tensor.concat(0, outs.toArray(new Tensor[0]));
        }).check(in);
    }

    @Test
    void erf() {
        check(single("Erf", new int[][] {{2, 5}}, 1, List.of(), List.of()), new int[] {2, 5});
    }

    @Test
    void convWithPadsStridesDilationsAndGroups() {
        int[][] s = {{2, 4, 7, 6}, {6, 2, 3, 2}, {6}};
        check(single("Conv", s, 1, List.of(), List.of(), Attr.ints("pads", 1, 0, 2, 1), Attr.ints("strides", 2, 1),
                Attr.ints("dilations", 1, 2), Attr.i("group", 2)), s);
        int[][] s1 = {{2, 3, 9}, {4, 3, 3}};
        check(single("Conv", s1, 1, List.of(), List.of(), Attr.s("auto_pad", "SAME_UPPER"), Attr.ints("strides", 2)), s1);
    }

    @Test
    void convTransposeWithPadsAndOutputPadding() {
        int[][] s = {{2, 3, 4, 5}, {3, 2, 3, 3}, {2}};
        check(single("ConvTranspose", s, 1, List.of(), List.of(), Attr.ints("strides", 2, 2), Attr.ints("pads", 1, 0, 1, 1),
                Attr.ints("output_padding", 1, 0)), s);
    }

    @Test
    void poolingWithPads() {
        int[][] s = {{2, 3, 7, 6}};
        check(single("MaxPool", s, 1, List.of(), List.of(), Attr.ints("kernel_shape", 3, 3), Attr.ints("strides", 2, 2),
                Attr.ints("pads", 1, 1, 1, 1)), s);
        check(single("AveragePool", s, 1, List.of(), List.of(), Attr.ints("kernel_shape", 3, 2), Attr.ints("strides", 2, 1),
                Attr.ints("pads", 1, 0, 1, 1)), s);
    }

    @Test
    void normalizations() {
        int[][] bn = {{3, 4, 2, 2}, {4}, {4}};
        TensorProto mean = OnnxTensors.floats("m", new float[] {0.1f, -0.2f, 0.3f, 0f}, 4);
        TensorProto var = OnnxTensors.floats("v", new float[] {1.5f, 0.5f, 2f, 1f}, 4);
        check(single("BatchNormalization", bn, 1, List.of(mean, var), List.of("m", "v")), bn);
        int[][] ln = {{2, 3, 6}, {6}, {6}};
        check(single("LayerNormalization", ln, 1, List.of(), List.of(), Attr.i("axis", -1)), ln);
    }

    @Test
    void recurrentWeightsInOnnxLayout() {
        int[][] lstm = {{5, 2, 3}, {2, 16, 3}, {2, 16, 4}, {2, 32}};
        check(single("LSTM", lstm, 3, List.of(), List.of(), Attr.i("hidden_size", 4),
                Attr.s("direction", "bidirectional")), lstm);
        int[][] gru = {{4, 2, 3}, {1, 12, 3}, {1, 12, 4}, {1, 24}};
        check(single("GRU", gru, 2, List.of(), List.of(), Attr.i("hidden_size", 4), Attr.i("linear_before_reset", 1),
                Attr.s("direction", "reverse")), gru);
    }

    @Test
    void gatherSliceAndGemm() {
        int[][] g = {{3, 5, 2}};
        TensorProto idx = OnnxTensors.longs("i", new long[] {4, -1, 0}, 3);
        check(single("Gather", g, 1, List.of(idx), List.of("i"), Attr.i("axis", 1)), g);
        TensorProto st = OnnxTensors.longs("st", new long[] {-1}, 1);
        TensorProto en = OnnxTensors.longs("en", new long[] {Long.MIN_VALUE}, 1);
        TensorProto ax = OnnxTensors.longs("ax", new long[] {1}, 1);
        TensorProto sp = OnnxTensors.longs("sp", new long[] {-2}, 1);
        check(single("Slice", g, 1, List.of(st, en, ax, sp), List.of("st", "en", "ax", "sp")), g);
        int[][] gemm = {{3, 4}, {5, 4}, {5}};
        check(single("Gemm", gemm, 1, List.of(), List.of(), Attr.i("transB", 1), Attr.f("alpha", 0.5), Attr.f("beta", 2)),
                gemm);
    }
}
