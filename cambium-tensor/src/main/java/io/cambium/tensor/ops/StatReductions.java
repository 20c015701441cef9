package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.AxisKernels;
import io.cambium.tensor.kernels.AxisKernels.Acc;
import io.cambium.tensor.kernels.AxisKernels.Grad;

/** Variance, standard deviation, log-sum-exp and vector norms over axes, accumulated in double. */
public final class StatReductions {
    private StatReductions() {
    }

    /**
     * The variance over {@code axes} (null: all): the sum of squared deviations from the mean
     * divided by {@code count - correction}. {@code correction} 0 is the population variance
     * (NumPy's and Keras's default, ddof=0); 1 is Bessel's unbiased estimate (PyTorch's default).
     *
     * @throws IllegalArgumentException when {@code count - correction <= 0}, where PyTorch would
     *     return inf or NaN
     */
    public static Tensor var(Tensor x, int[] axes, int correction, boolean keepDims) {
        return varOrStd("var", false, x, axes, correction, keepDims);
    }

    /** The square root of {@link #var}; its gradient is 0 where the result is 0 (as in PyTorch). */
    public static Tensor std(Tensor x, int[] axes, int correction, boolean keepDims) {
        return varOrStd("std", true, x, axes, correction, keepDims);
    }

    private static Tensor varOrStd(String name, boolean std, Tensor x, int[] axes, int correction, boolean keepDims) {
        ReduceLayout l = ReduceLayout.of(name, x.shape(), axes, keepDims);
        int dof = l.count - correction;
        if (dof <= 0) {
            throw new IllegalArgumentException(name + ": correction " + correction + " leaves " + dof
                    + " degrees of freedom for " + l.count + " values per result (shape "
                    + io.cambium.tensor.Shape.str(x.shape()) + ")");
        }
        float[] xc = l.gather(x.data());
        double[] sums = AxisKernels.accumulate(Acc.SUM, xc, null, l.outer, l.len, l.inner);
        float[] mean = new float[sums.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (sums[i] / l.count);
        }
        // Two passes: squared deviations from the (rounded) mean, corrected by the residual sum of
        // deviations, which removes the error of rounding the mean.
        double[] ssd = AxisKernels.accumulate(Acc.SQ_DEV, xc, mean, l.outer, l.len, l.inner);
        float[] out = new float[mean.length];
        for (int i = 0; i < out.length; i++) {
            double resid = sums[i] - (double) mean[i] * l.count;
            double v = Math.max(0.0, (ssd[i] - resid * resid / l.count) / dof);
            out[i] = (float) (std ? Math.sqrt(v) : v);
        }
        Tensor result = new Tensor(out, l.outShape);
        return Autograd.record(result, name, g -> {
            float[] gd = g.data();
            float[] q = new float[out.length];
            for (int i = 0; i < q.length; i++) {
                if (std) {
                    q[i] = out[i] == 0f ? 0f : (float) (gd[i] / ((double) dof * out[i]));
                } else {
                    q[i] = (float) (2.0 * gd[i] / dof);
                }
            }
            float[] gx = new float[xc.length];
            AxisKernels.backward(Grad.DEV, xc, mean, q, gx, l.outer, l.len, l.inner);
            return new Tensor[] {new Tensor(l.scatter(gx), l.shape)};
        }, x);
    }

    /**
     * log(sum(exp(x))) over {@code axes}, computed stably (shifted by the maximum). All -inf gives
     * -inf; a +inf gives +inf.
     */
    public static Tensor logsumexp(Tensor x, int[] axes, boolean keepDims) {
        ReduceLayout l = ReduceLayout.of("logsumexp", x.shape(), axes, keepDims);
        float[] xc = l.gather(x.data());
        float[] m = AxisKernels.extreme(true, xc, l.outer, l.len, l.inner);
        for (int i = 0; i < m.length; i++) {
            if (Float.isInfinite(m[i])) {
                m[i] = 0f; // as PyTorch: shifting by an infinite maximum would give NaN
            }
        }
        double[] s = AxisKernels.accumulate(Acc.EXP_SHIFT, xc, m, l.outer, l.len, l.inner);
        float[] out = new float[m.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (Math.log(s[i]) + m[i]);
        }
        Tensor result = new Tensor(out, l.outShape);
        return Autograd.record(result, "logsumexp", g -> {
            float[] gx = new float[xc.length];
            AxisKernels.backward(Grad.EXP_SHIFT, xc, out, g.data(), gx, l.outer, l.len, l.inner);
            return new Tensor[] {new Tensor(l.scatter(gx), l.shape)};
        }, x);
    }

    /**
     * The L1 ({@code p = 1}: sum of |x|) or L2 ({@code p = 2}: sqrt of the sum of squares) norm over
     * {@code axes} (null: all). The L2 gradient x / norm is taken as 0 where the norm is 0 (no NaN),
     * the L1 gradient is sign(x).
     */
    public static Tensor norm(Tensor x, float p, int[] axes, boolean keepDims) {
        if (p != 1f && p != 2f) {
            throw new IllegalArgumentException("norm: p must be 1 or 2, got " + p);
        }
        boolean l1 = p == 1f;
        ReduceLayout l = ReduceLayout.of("norm", x.shape(), axes, keepDims);
        float[] xc = l.gather(x.data());
        double[] s = AxisKernels.accumulate(l1 ? Acc.ABS : Acc.SQUARE, xc, null, l.outer, l.len, l.inner);
        float[] out = new float[s.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (l1 ? s[i] : Math.sqrt(s[i]));
        }
        Tensor result = new Tensor(out, l.outShape);
        return Autograd.record(result, "norm", g -> {
            float[] gd = g.data();
            float[] q = new float[out.length];
            for (int i = 0; i < q.length; i++) {
                q[i] = l1 ? gd[i] : out[i] == 0f ? 0f : gd[i] / out[i];
            }
            float[] gx = new float[xc.length];
            AxisKernels.backward(l1 ? Grad.SIGN : Grad.LINEAR, xc, null, q, gx, l.outer, l.len, l.inner);
            return new Tensor[] {new Tensor(l.scatter(gx), l.shape)};
        }, g -> {
            int[] kept = Reductions.keepDimsShape(x.shape(), Reductions.axesMask("norm", axes, x.rank()));
            Tensor gk = g.reshape(kept);
            if (l1) {
                return new Tensor[] {gk.mul(x.detach().sign())};
            }
            // x / norm, taken as 0 where the norm is 0; the norm is replaced there before dividing.
            Tensor n = result.reshape(kept);
            Tensor zero = n.detach().eq(0f);
            Tensor q = Tensor.where(zero, Tensor.zeros(1), gk.div(Tensor.where(zero, Tensor.ones(1), n)));
            return new Tensor[] {x.mul(q)};
        }, x);
    }
}
