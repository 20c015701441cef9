package io.cambium.compress.precision;

import io.cambium.compress.LayerMath;
import io.cambium.compress.Models;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.tensor.quant.HalfPrecision;

/**
 * Mixed-precision training of a Sequential model: {@link #wrap} computes every Dense and Conv2D
 * layer in bf16 or fp16 ({@link HalfCompute}) with float32 master weights (the wrapped model shares
 * the original's layers, so training it trains them); for fp16 a {@link LossScaleOptimizer} and a
 * {@link ScaleGradient} output layer add dynamic loss scaling, and skipped steps are counted by the
 * optimizer. {@link #strip} returns the float32 model.
 *
 * <pre>{@code
 * var opt = new LossScaleOptimizer(new Adam(1e-3));
 * Sequential mp = MixedPrecision.wrap(model, HalfPrecision.FLOAT16, opt);
 * mp.compile(opt, Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
 * mp.fit(x, y, FitConfig.epochs(3).batchSize(64));
 * System.out.println(opt.skippedSteps() + " steps skipped, scale " + opt.scale());
 * }</pre>
 *
 * <p>The engine has no 16-bit kernels: the casts round values to the format and the kernels
 * compute in float32 on them, which gives the numerics of mixed precision (what accuracy survives),
 * not its speed or memory savings on this CPU; see docs/decisions/mixed-precision.md.
 */
public final class MixedPrecision {
    private MixedPrecision() {
    }

    /** bf16 compute, without loss scaling (bf16 has float32's range). */
    public static Sequential wrap(Model model, HalfPrecision precision) {
        return wrap(model, precision, null);
    }

    /**
     * {@code precision} compute; with a {@code scaler} (needed for fp16), the output gradient is
     * multiplied by its scale, which the scaler removes before each step.
     */
    public static Sequential wrap(Model model, HalfPrecision precision, LossScaleOptimizer scaler) {
        Sequential s = Models.sequential(model, "mixed precision");
        Sequential out = Models.mapLayers(s, l -> LayerMath.supports(l) ? new HalfCompute(l, precision) : l);
        if (scaler != null) {
            out.add(new ScaleGradient(scaler));
        }
        return out;
    }

    /** The float32 model of a wrapped one (wrappers and the gradient scaling removed; layers copied). */
    public static Sequential strip(Model wrapped) {
        Sequential s = Models.sequential(wrapped, "strip mixed precision");
        Sequential out = new Sequential();
        int[] in = s.builtInputShape();
        out.input(java.util.Arrays.copyOfRange(in, 1, in.length));
        for (Layer l : s.layers()) {
            if (l instanceof HalfCompute h) {
                out.add(Models.copy(h.layer()));
            } else if (!(l instanceof ScaleGradient)) {
                out.add(Models.copy(l));
            }
        }
        return out;
    }
}
