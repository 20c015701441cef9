package io.cambium.interop.onnx.export;

import io.cambium.interop.onnx.Attr;
import io.cambium.interop.onnx.ExportContext;
import io.cambium.interop.onnx.OnnxValue;
import io.cambium.nn.Layer;
import java.util.List;

/** Keras's activation functions by name as ONNX nodes (exact GELU and its tanh form decomposed, opset 17 has no Gelu). */
public final class ActivationExport {
    private ActivationExport() {
    }

    /**
     * Applies the activation named as in Keras ({@code "relu"}, {@code "softmax"}, ...) to {@code x}.
     *
     * @throws UnsupportedOperationException naming the layer for an activation with no ONNX form
     */
    public static OnnxValue apply(ExportContext ctx, OnnxValue x, String name, Layer owner) {
        String n = name == null ? "linear" : name;
        String base = owner.name() + "/" + n;
        switch (n) {
            case "linear":
                return x;
            case "softmax":
            case "log_softmax": {
                // The last Cambium axis is axis 1 of the channels-first form: no transpose either way.
                String op = n.equals("softmax") ? "Softmax" : "LogSoftmax";
                if (x.rank() >= 3 && x.hasChannelsFirst() && !x.hasChannelsLast()) {
                    return ctx.channelsFirst(ctx.node(op, base, List.of(ctx.first(x)), Attr.i("axis", 1)), x.shape());
                }
                return ctx.channelsLast(ctx.node(op, base, List.of(ctx.last(x)), Attr.i("axis", -1)), x.shape());
            }
            default:
                return ctx.elementwise(x, x.shape(), in -> elementwise(ctx, in, n, base, owner));
        }
    }

    private static String elementwise(ExportContext ctx, String x, String n, String base, Layer owner) {
        return switch (n) {
            case "relu" -> ctx.node("Relu", base, List.of(x));
            case "relu6" -> ctx.node("Clip", base, List.of(x, ctx.scalar(base + "/min", 0f), ctx.scalar(base + "/max", 6f)));
            case "leaky_relu" -> ctx.node("LeakyRelu", base, List.of(x), Attr.f("alpha", 0.2));
            case "elu" -> ctx.node("Elu", base, List.of(x), Attr.f("alpha", 1.0));
            case "selu" -> ctx.node("Selu", base, List.of(x));
            case "sigmoid" -> ctx.node("Sigmoid", base, List.of(x));
            // Keras 3's hard_sigmoid: relu6(x + 3) / 6.
            case "hard_sigmoid" -> ctx.node("HardSigmoid", base, List.of(x), Attr.f("alpha", 1.0 / 6.0), Attr.f("beta", 0.5));
            case "tanh" -> ctx.node("Tanh", base, List.of(x));
            case "softplus" -> ctx.node("Softplus", base, List.of(x));
            case "softsign" -> ctx.node("Softsign", base, List.of(x));
            case "silu", "swish" -> ctx.node("Mul", base, List.of(x, ctx.node("Sigmoid", base + "/sigmoid", List.of(x))));
            case "exponential" -> ctx.node("Exp", base, List.of(x));
            case "gelu" -> gelu(ctx, x, base);
            case "gelu_approximate", "gelu_tanh" -> geluTanh(ctx, x, base);
            default -> throw new UnsupportedOperationException("ONNX export: " + owner.describe() + ": activation '" + n
                    + "' has no ONNX mapping");
        };
    }

    /** {@code x * 0.5 * (1 + erf(x / sqrt(2)))}, the form PyTorch exports at opset 17. */
    private static String gelu(ExportContext ctx, String x, String base) {
        String scaled = ctx.node("Div", base + "/div", List.of(x, ctx.scalar(base + "/sqrt2", (float) Math.sqrt(2.0))));
        String erf = ctx.node("Erf", base + "/erf", List.of(scaled));
        String onePlus = ctx.node("Add", base + "/add", List.of(erf, ctx.scalar(base + "/one", 1f)));
        String half = ctx.node("Mul", base + "/half", List.of(x, ctx.scalar(base + "/half_c", 0.5f)));
        return ctx.node("Mul", base, List.of(half, onePlus));
    }

    /** {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    private static String geluTanh(ExportContext ctx, String x, String base) {
        String cube = ctx.node("Mul", base + "/x3", List.of(ctx.node("Mul", base + "/x2", List.of(x, x)), x));
        String inner = ctx.node("Add", base + "/inner", List.of(x,
                ctx.node("Mul", base + "/c3", List.of(cube, ctx.scalar(base + "/k", 0.044715f)))));
        String t = ctx.node("Tanh", base + "/tanh", List.of(ctx.node("Mul", base + "/scaled",
                List.of(inner, ctx.scalar(base + "/s", (float) Math.sqrt(2.0 / Math.PI))))));
        String onePlus = ctx.node("Add", base + "/add", List.of(t, ctx.scalar(base + "/one", 1f)));
        String half = ctx.node("Mul", base + "/half", List.of(x, ctx.scalar(base + "/half_c", 0.5f)));
        return ctx.node("Mul", base, List.of(half, onePlus));
    }
}
