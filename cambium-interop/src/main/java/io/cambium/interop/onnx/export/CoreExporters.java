package io.cambium.interop.onnx.export;

import io.cambium.interop.onnx.Attr;
import io.cambium.interop.onnx.ExportContext;
import io.cambium.interop.onnx.LayerExporters;
import io.cambium.interop.onnx.OnnxValue;
import io.cambium.nn.InputLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.ELU;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.LeakyReLU;
import io.cambium.nn.layers.core.PReLU;
import io.cambium.nn.layers.core.Permute;
import io.cambium.nn.layers.core.RepeatVector;
import io.cambium.nn.layers.core.Reshape;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.merge.Average;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.layers.merge.Multiply;
import io.cambium.nn.layers.merge.Subtract;
import io.cambium.nn.layers.preprocessing.Normalization;
import io.cambium.nn.layers.preprocessing.Rescaling;
import io.cambium.nn.layers.regularization.GaussianNoise;
import io.cambium.nn.layers.regularization.SpatialDropout;
import io.cambium.nn.Variable;
import java.util.ArrayList;
import java.util.List;

/** Exporters of the core layers: dense, activations, dropout and noise, reshaping, merging, embedding, preprocessing. */
public final class CoreExporters {
    private CoreExporters() {
    }

    /** Registers the exporters with {@link LayerExporters}. */
    public static void registerAll() {
        LayerExporters.register(InputLayer.class, (l, in, ctx) -> in);
        LayerExporters.register(Dense.class, CoreExporters::dense);
        LayerExporters.register(Activation.class, (l, in, ctx) ->
                List.of(ActivationExport.apply(ctx, in.get(0), new LayerOptions(l).string("activation", "linear"), l)));
        LayerExporters.register(LeakyReLU.class, (l, in, ctx) -> List.of(ctx.elementwise(in.get(0), in.get(0).shape(),
                x -> ctx.node("LeakyRelu", l.name(), List.of(x),
                        Attr.f("alpha", new LayerOptions(l).real("negative_slope", 0.3))))));
        LayerExporters.register(ELU.class, (l, in, ctx) -> List.of(ctx.elementwise(in.get(0), in.get(0).shape(),
                x -> ctx.node("Elu", l.name(), List.of(x), Attr.f("alpha", new LayerOptions(l).real("alpha", 1.0))))));
        LayerExporters.register(PReLU.class, CoreExporters::prelu);
        // Inference forms: identity.
        LayerExporters.register(Dropout.class, (l, in, ctx) -> in);
        LayerExporters.register(SpatialDropout.class, (l, in, ctx) -> in);
        LayerExporters.register(GaussianNoise.class, (l, in, ctx) -> in);
        LayerExporters.register(Flatten.class, (l, in, ctx) -> List.of(ctx.channelsLast(
                ctx.node("Flatten", l.name(), List.of(ctx.last(in.get(0))), Attr.i("axis", 1)),
                l.computeOutputShape(in.get(0).shape()))));
        LayerExporters.register(Reshape.class, CoreExporters::reshape);
        LayerExporters.register(Permute.class, CoreExporters::permute);
        LayerExporters.register(RepeatVector.class, CoreExporters::repeatVector);
        LayerExporters.register(Add.class, (l, in, ctx) -> merge(l, in, ctx, "Add"));
        LayerExporters.register(Subtract.class, (l, in, ctx) -> merge(l, in, ctx, "Sub"));
        LayerExporters.register(Multiply.class, (l, in, ctx) -> merge(l, in, ctx, "Mul"));
        LayerExporters.register(Average.class, (l, in, ctx) -> merge(l, in, ctx, "Mean"));
        LayerExporters.register(Concatenate.class, CoreExporters::concatenate);
        LayerExporters.register(Embedding.class, CoreExporters::embedding);
        LayerExporters.register(Rescaling.class, CoreExporters::rescaling);
        LayerExporters.register(Normalization.class, CoreExporters::normalization);
    }

    private static List<OnnxValue> dense(Dense l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        OnnxValue x = in.get(0);
        String w = ctx.weight(l.kernel());
        Variable b = l.bias();
        String y;
        if (x.rank() == 2 && b != null) {
            y = ctx.node("Gemm", l.name(), List.of(ctx.last(x), w, ctx.weight(b)));
        } else {
            y = ctx.node("MatMul", b == null ? l.name() : l.name() + "/matmul", List.of(ctx.last(x), w));
            if (b != null) {
                y = ctx.node("Add", l.name(), List.of(y, ctx.weight(b)));
            }
        }
        OnnxValue out = ctx.channelsLast(y, l.computeOutputShape(x.shape()));
        return List.of(ActivationExport.apply(ctx, out, o.string("activation", "linear"), l));
    }

    private static List<OnnxValue> prelu(PReLU l, List<OnnxValue> in, ExportContext ctx) {
        OnnxValue x = in.get(0);
        Variable alpha = new LayerOptions(l).required("alpha");
        if (x.rank() >= 3 && x.hasChannelsFirst() && !x.hasChannelsLast()) {
            // Channels-first: the slope [C] broadcasts as [C, 1, ..., 1].
            int[] s = new int[x.rank() - 1];
            java.util.Arrays.fill(s, 1);
            s[0] = alpha.shape()[0];
            String a = ctx.weight(l.name() + "/alpha", alpha.value().data(), s);
            return List.of(ctx.channelsFirst(ctx.node("PRelu", l.name(), List.of(ctx.first(x), a)), x.shape()));
        }
        return List.of(ctx.channelsLast(ctx.node("PRelu", l.name(), List.of(ctx.last(x), ctx.weight(alpha))), x.shape()));
    }

    private static List<OnnxValue> reshape(Reshape l, List<OnnxValue> in, ExportContext ctx) {
        OnnxValue x = in.get(0);
        int[] out = l.computeOutputShape(x.shape());
        long[] target = new long[out.length];
        boolean known = true;
        for (int i = 1; i < out.length; i++) {
            known &= out[i] >= 0;
        }
        if (known) {
            target[0] = -1;
            for (int i = 1; i < out.length; i++) {
                target[i] = out[i];
            }
        } else {
            int[] t = new LayerOptions(l).ints("target_shape");
            target[0] = 0;
            for (int i = 1; i < out.length; i++) {
                target[i] = t[i - 1];
            }
        }
        String y = ctx.node("Reshape", l.name(), List.of(ctx.last(x), ctx.longs(l.name() + "/shape", target)));
        return List.of(ctx.channelsLast(y, out));
    }

    private static List<OnnxValue> permute(Permute l, List<OnnxValue> in, ExportContext ctx) {
        int[] dims = new LayerOptions(l).ints("dims");
        long[] perm = new long[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            perm[i + 1] = dims[i];
        }
        OnnxValue x = in.get(0);
        String y = ctx.node("Transpose", l.name(), List.of(ctx.last(x)), Attr.ints("perm", perm));
        return List.of(ctx.channelsLast(y, l.computeOutputShape(x.shape())));
    }

    private static List<OnnxValue> repeatVector(RepeatVector l, List<OnnxValue> in, ExportContext ctx) {
        int n = new LayerOptions(l).integer("n", 1);
        OnnxValue x = in.get(0);
        String u = ctx.node("Unsqueeze", l.name() + "/unsqueeze", List.of(ctx.last(x), ctx.longs(l.name() + "/axis", 1)));
        String y = ctx.node("Tile", l.name(), List.of(u, ctx.longs(l.name() + "/repeats", 1, n, 1)));
        return List.of(ctx.channelsLast(y, l.computeOutputShape(x.shape())));
    }

    private static List<OnnxValue> merge(Layer l, List<OnnxValue> in, ExportContext ctx, String op) {
        int[] shape = l.computeOutputShapes(shapes(in)).get(0);
        boolean first = shape.length >= 3;
        for (OnnxValue v : in) {
            first &= v.rank() == shape.length && v.hasChannelsFirst();
        }
        List<String> names = new ArrayList<>();
        for (OnnxValue v : in) {
            names.add(first ? ctx.first(v) : ctx.last(v));
        }
        String y;
        if (op.equals("Mean") || names.size() == 2) {
            y = ctx.node(op, l.name(), names);
        } else if (op.equals("Add")) {
            y = ctx.node("Sum", l.name(), names);
        } else {
            y = names.get(0);
            for (int i = 1; i < names.size(); i++) {
                y = ctx.node(op, i == names.size() - 1 ? l.name() : l.name() + "/" + i, List.of(y, names.get(i)));
            }
        }
        return List.of(first ? ctx.channelsFirst(y, shape) : ctx.channelsLast(y, shape));
    }

    private static List<OnnxValue> concatenate(Concatenate l, List<OnnxValue> in, ExportContext ctx) {
        int[] shape = l.computeOutputShapes(shapes(in)).get(0);
        int rank = shape.length;
        int axis = new LayerOptions(l).integer("axis", -1);
        int a = axis < 0 ? axis + rank : axis;
        boolean first = rank >= 3;
        for (OnnxValue v : in) {
            first &= v.hasChannelsFirst();
        }
        List<String> names = new ArrayList<>();
        for (OnnxValue v : in) {
            names.add(first ? ctx.first(v) : ctx.last(v));
        }
        if (first) {
            // Channels-last axis a is channels-first axis: channel -> 1, spatial i -> i + 1, batch -> 0.
            int fa = a == 0 ? 0 : a == rank - 1 ? 1 : a + 1;
            return List.of(ctx.channelsFirst(ctx.node("Concat", l.name(), names, Attr.i("axis", fa)), shape));
        }
        return List.of(ctx.channelsLast(ctx.node("Concat", l.name(), names, Attr.i("axis", a)), shape));
    }

    private static List<OnnxValue> embedding(Embedding l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        if (o.bool("mask_zero", false)) {
            throw o.unsupported("mask_zero=true makes a mask for the layers after it, which ONNX graphs do not carry;"
                    + " export a model without masking");
        }
        OnnxValue x = in.get(0);
        String y = ctx.node("Gather", l.name(), List.of(ctx.weight(o.required("embeddings")), ctx.ids(x)));
        return List.of(ctx.channelsLast(y, l.computeOutputShape(x.shape())));
    }

    private static List<OnnxValue> rescaling(Rescaling l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        float scale = (float) o.real("scale", 1);
        float offset = (float) o.real("offset", 0);
        OnnxValue x = in.get(0);
        return List.of(ctx.elementwise(x, x.shape(), v -> {
            String y = ctx.node("Mul", offset == 0f ? l.name() : l.name() + "/scale", List.of(v, ctx.scalar(l.name() + "/s", scale)));
            return offset == 0f ? y : ctx.node("Add", l.name(), List.of(y, ctx.scalar(l.name() + "/o", offset)));
        }));
    }

    private static List<OnnxValue> normalization(Normalization l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        float[] mean = o.required("mean").value().data();
        float[] var = o.required("variance").value().data();
        float[] std = new float[var.length];
        for (int i = 0; i < std.length; i++) {
            // As the layer computes it: sqrt(variance) clipped below at 1e-7 (Keras's epsilon).
            std[i] = Math.max((float) Math.sqrt(var[i]), 1e-7f);
        }
        OnnxValue x = in.get(0);
        String c = ctx.node("Sub", l.name() + "/center", List.of(ctx.last(x), ctx.weight(l.name() + "/mean", mean, mean.length)));
        String y = ctx.node("Div", l.name(), List.of(c, ctx.weight(l.name() + "/std", std, std.length)));
        return List.of(ctx.channelsLast(y, x.shape()));
    }

    static List<int[]> shapes(List<OnnxValue> in) {
        List<int[]> out = new ArrayList<>();
        for (OnnxValue v : in) {
            out.add(v.shape());
        }
        return out;
    }
}
