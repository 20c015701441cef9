package io.cambium.interop.onnx.export;

import io.cambium.interop.onnx.Attr;
import io.cambium.interop.onnx.ExportContext;
import io.cambium.interop.onnx.LayerExporters;
import io.cambium.interop.onnx.OnnxValue;
import io.cambium.interop.onnx.proto.AttributeProto;
import io.cambium.nn.layers.recurrent.GRU;
import io.cambium.nn.layers.recurrent.LSTM;
import io.cambium.nn.layers.recurrent.Recurrent;
import io.cambium.nn.layers.recurrent.SimpleRNN;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Exporters of SimpleRNN, LSTM and GRU as ONNX's RNN, LSTM and GRU operators (time-major, one
 * direction). Keras's gate order is mapped to ONNX's: LSTM i, f, c, o becomes i, o, f, c; GRU
 * z, r, h is ONNX's own order, and {@code reset_after} is {@code linear_before_reset}. A
 * {@code go_backwards} layer is ONNX's reverse direction, its sequence flipped back into the
 * order Keras returns it (processing order).
 */
public final class RecurrentExporters {
    /** ONNX's LSTM gate i, o, f, c as the index of the Keras gate block (i, f, c, o). */
    private static final int[] LSTM_GATES = {0, 3, 1, 2};

    private RecurrentExporters() {
    }

    /** Registers the exporters with {@link LayerExporters}. */
    public static void registerAll() {
        LayerExporters.register(SimpleRNN.class, (l, in, ctx) -> recurrent(l, in, ctx, "RNN", 1, new int[] {0}, false));
        LayerExporters.register(LSTM.class, (l, in, ctx) -> recurrent(l, in, ctx, "LSTM", 4, LSTM_GATES, false));
        LayerExporters.register(GRU.class, (l, in, ctx) -> recurrent(l, in, ctx, "GRU", 3, new int[] {0, 1, 2},
                new LayerOptions(l).bool("reset_after", true)));
    }

    /**
     * A Keras kernel {@code [rows, gates * units]} as ONNX's {@code [1, gates * units, rows]} with
     * the gate blocks in ONNX's order.
     */
    static float[] gateMatrix(Tensor kernel, int units, int[] order) {
        int rows = kernel.dim(0);
        int cols = kernel.dim(1);
        float[] k = kernel.data();
        float[] w = new float[rows * cols];
        for (int g = 0; g < order.length; g++) {
            for (int u = 0; u < units; u++) {
                int src = order[g] * units + u;
                int dst = g * units + u;
                for (int r = 0; r < rows; r++) {
                    w[dst * rows + r] = k[r * cols + src];
                }
            }
        }
        return w;
    }

    private static float[] gateVector(float[] b, int offset, int units, int[] order, float[] out, int outOffset) {
        for (int g = 0; g < order.length; g++) {
            System.arraycopy(b, offset + order[g] * units, out, outOffset + g * units, units);
        }
        return out;
    }

    private static String onnxActivation(String keras, LayerOptions o) {
        return switch (keras) {
            case "tanh" -> "Tanh";
            case "sigmoid" -> "Sigmoid";
            case "relu" -> "Relu";
            case "hard_sigmoid" -> "HardSigmoid";
            case "linear" -> "Affine";
            default -> throw o.unsupported("recurrent activation '" + keras + "' has no ONNX form");
        };
    }

    private static List<OnnxValue> recurrent(Recurrent<?> l, List<OnnxValue> in, ExportContext ctx, String op, int gates,
                                             int[] order, boolean resetAfter) {
        LayerOptions o = new LayerOptions(l);
        if (o.bool("stateful", false)) {
            throw o.unsupported("a stateful layer carries its state between calls, which an ONNX graph cannot");
        }
        OnnxValue x = in.get(0);
        int units = l.units();
        int features = x.dim(-1);
        String name = l.name();
        String xt = ctx.node("Transpose", name + "/time_major", List.of(ctx.last(x)), Attr.ints("perm", 1, 0, 2));
        String w = ctx.weight(name + "/W", gateMatrix(l.kernel().value(), units, order), 1, gates * units, features);
        String r = ctx.weight(name + "/R", gateMatrix(l.recurrentKernel().value(), units, order), 1, gates * units, units);
        String b = "";
        if (l.bias() != null) {
            float[] bias = l.bias().value().data();
            float[] onnx = new float[2 * gates * units];
            gateVector(bias, 0, units, order, onnx, 0);
            if (resetAfter) {
                // Keras's [2, 3U]: input bias, then recurrent bias; ONNX's [Wb, Rb] the same.
                gateVector(bias, gates * units, units, order, onnx, gates * units);
            }
            b = ctx.weight(name + "/B", onnx, 1, 2 * gates * units);
        }
        List<String> args = new ArrayList<>(List.of(xt, w, r, b, ""));
        int states = op.equals("LSTM") ? 2 : 1;
        for (int i = 0; i < states && in.size() > 1 + i; i++) {
            args.add(ctx.node("Unsqueeze", name + "/initial_" + i, List.of(ctx.last(in.get(1 + i)),
                    ctx.longs(name + "/axis0", 0))));
        }
        while (args.get(args.size() - 1).isEmpty()) {
            args.remove(args.size() - 1);
        }
        List<AttributeProto> attrs = new ArrayList<>();
        attrs.add(Attr.i("hidden_size", units));
        boolean backwards = o.bool("go_backwards", false);
        attrs.add(Attr.s("direction", backwards ? "reverse" : "forward"));
        String act = onnxActivation(o.string("activation", "tanh"), o);
        String[] acts;
        if (op.equals("RNN")) {
            acts = new String[] {act};
        } else {
            String gate = onnxActivation(o.string("recurrent_activation", "sigmoid"), o);
            acts = op.equals("LSTM") ? new String[] {gate, act, act} : new String[] {gate, act};
        }
        attrs.add(Attr.strings("activations", acts));
        boolean params = false;
        float[] alpha = new float[acts.length];
        float[] beta = new float[acts.length];
        for (int i = 0; i < acts.length; i++) {
            if (acts[i].equals("HardSigmoid")) {
                // Keras 3's hard_sigmoid: relu6(x + 3) / 6.
                alpha[i] = 1f / 6f;
                beta[i] = 0.5f;
                params = true;
            } else if (acts[i].equals("Affine")) {
                alpha[i] = 1f;
                params = true;
            }
        }
        if (params) {
            attrs.add(Attr.floats("activation_alpha", alpha));
            attrs.add(Attr.floats("activation_beta", beta));
        }
        if (op.equals("GRU")) {
            attrs.add(Attr.i("linear_before_reset", resetAfter ? 1 : 0));
        }
        List<String> outs = ctx.nodes(op, name + "/" + op, 1 + states, args, attrs.toArray(new AttributeProto[0]));
        List<int[]> shapes = l.computeOutputShapes(CoreExporters.shapes(in));
        List<OnnxValue> result = new ArrayList<>();
        if (o.bool("return_sequences", false)) {
            String y = ctx.node("Squeeze", name + "/Y", List.of(outs.get(0), ctx.longs(name + "/axis1", 1)));
            if (backwards) {
                y = ctx.node("Slice", name + "/processing_order", List.of(y, ctx.longs(name + "/start", -1),
                        ctx.longs(name + "/end", Long.MIN_VALUE), ctx.longs(name + "/axis", 0), ctx.longs(name + "/step", -1)));
            }
            result.add(ctx.channelsLast(ctx.node("Transpose", name, List.of(y), Attr.ints("perm", 1, 0, 2)), shapes.get(0)));
        } else {
            result.add(ctx.channelsLast(ctx.node("Squeeze", name, List.of(outs.get(1), ctx.longs(name + "/axis", 0))),
                    shapes.get(0)));
        }
        if (o.bool("return_state", false)) {
            for (int i = 0; i < states; i++) {
                String s = ctx.node("Squeeze", name + "/state_" + i, List.of(outs.get(1 + i), ctx.longs(name + "/axis", 0)));
                result.add(ctx.channelsLast(s, shapes.get(1 + i)));
            }
        }
        return result;
    }
}
