package io.cambium.interop.onnx.export;

import io.cambium.interop.onnx.Attr;
import io.cambium.interop.onnx.ExportContext;
import io.cambium.interop.onnx.LayerExporters;
import io.cambium.interop.onnx.OnnxValue;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exporters of BatchNormalization (ONNX's inference-mode BatchNormalization with the moving
 * statistics, on the channels-first form) and LayerNormalization (opset 17's LayerNormalization
 * over trailing axes).
 */
public final class NormalizationExporters {
    private NormalizationExporters() {
    }

    /** Registers the exporters with {@link LayerExporters}. */
    public static void registerAll() {
        LayerExporters.register(BatchNormalization.class, NormalizationExporters::batchNorm);
        LayerExporters.register(LayerNormalization.class, NormalizationExporters::layerNorm);
    }

    private static String orConstant(ExportContext ctx, Variable v, String name, int size, float value) {
        if (v != null) {
            return ctx.weight(v);
        }
        float[] c = new float[size];
        Arrays.fill(c, value);
        return ctx.weight(name, c, size);
    }

    private static List<OnnxValue> batchNorm(BatchNormalization l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        OnnxValue x = in.get(0);
        int r = x.rank();
        int axis = l.axis() < 0 ? l.axis() + r : l.axis();
        Variable mean = o.required("moving_mean");
        int c = mean.shape()[0];
        List<String> args = new ArrayList<>();
        boolean channelsFirst;
        if (axis == r - 1 && r >= 3) {
            args.add(ctx.first(x));
            channelsFirst = true;
        } else if (axis == 1) {
            args.add(ctx.last(x));
            channelsFirst = false;
        } else {
            throw o.unsupported("batch normalization over axis " + l.axis() + " of a rank-" + r
                    + " input has no ONNX form (ONNX normalizes the channel axis)");
        }
        args.add(orConstant(ctx, o.variable("gamma"), l.name() + "/gamma", c, 1f));
        args.add(orConstant(ctx, o.variable("beta"), l.name() + "/beta", c, 0f));
        args.add(ctx.weight(mean));
        args.add(ctx.weight(o.required("moving_variance")));
        String y = ctx.node("BatchNormalization", l.name(), args, Attr.f("epsilon", o.real("epsilon", 1e-3)));
        return List.of(channelsFirst ? ctx.channelsFirst(y, x.shape()) : ctx.channelsLast(y, x.shape()));
    }

    private static List<OnnxValue> layerNorm(LayerNormalization l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        OnnxValue x = in.get(0);
        int r = x.rank();
        int[] axes = o.ints("axis");
        int[] resolved = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            resolved[i] = axes[i] < 0 ? axes[i] + r : axes[i];
        }
        Arrays.sort(resolved);
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] != r - resolved.length + i) {
                throw o.unsupported("layer normalization over axes " + Arrays.toString(axes)
                        + " (not the trailing axes) has no ONNX LayerNormalization form");
            }
        }
        int[] sizes = Arrays.copyOfRange(x.shape(), r - resolved.length, r);
        Variable gamma = o.variable("gamma");
        Variable beta = o.variable("beta");
        List<String> args = new ArrayList<>();
        args.add(ctx.last(x));
        if (gamma != null) {
            args.add(ctx.weight(gamma));
        } else {
            float[] ones = new float[Shape.numel(sizes)];
            Arrays.fill(ones, 1f);
            args.add(ctx.weight(l.name() + "/gamma", ones, sizes));
        }
        if (beta != null) {
            args.add(ctx.weight(beta));
        }
        String y = ctx.node("LayerNormalization", l.name(), args, Attr.i("axis", r - resolved.length),
                Attr.f("epsilon", o.real("epsilon", 1e-3)));
        return List.of(ctx.channelsLast(y, x.shape()));
    }
}
