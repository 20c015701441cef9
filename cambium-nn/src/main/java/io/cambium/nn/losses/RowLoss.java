package io.cambium.nn.losses;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Kernels;
import io.cambium.tensor.kernels.TranscendentalKernels;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loss computed independently for each row of the last axis, as one fused differentiable op:
 * the per-sample loss has the prediction's shape without its last axis (a rank-1 prediction is
 * one value per sample). The gradient with respect to the prediction is computed in the same
 * pass when it is needed; no gradient flows to {@code yTrue}. Rows run in parallel over
 * disjoint ranges, so results do not depend on the thread count.
 */
public abstract class RowLoss extends Loss {
    private static final TranscendentalKernels TK = Kernels.transcendentals();
    /**
     * Keras's {@code backend.epsilon()} as Keras applies it: to float32 tensors, so rounded to
     * float32 (1.0000000117e-7).
     */
    protected static final double EPSILON = 1e-7f;
    /**
     * The upper clip bound {@code 1 - epsilon} in float32: 0.99999988, not 0.9999999. It decides
     * the cost of a confident wrong prediction: -log(1 - 0.99999988) = 15.942, as in Keras
     * (the double bound gave 16.118).
     */
    protected static final double ONE_MINUS_EPSILON = 1f - 1e-7f;

    protected RowLoss(Reduction reduction) {
        super(reduction);
    }

    /**
     * The loss of one row: the prediction {@code p[pOff, pOff + n)} against the target starting
     * at {@code t[tOff]} ({@link #targetWidth(int)} values). When {@code grad} is not null, writes
     * the derivative of the row loss with respect to each prediction into {@code grad[pOff, pOff + n)}.
     */
    protected abstract double row(float[] t, int tOff, float[] p, int pOff, int n, float[] grad);

    /**
     * The derivative of each row's loss with respect to each prediction (what {@link #row} writes
     * into {@code grad}), in recorded tensor operations, for backward passes that create a graph
     * (higher-order gradients); {@code yTrue} has the prediction's shape. None by default: the
     * loss's gradient then cannot be differentiated again; subclasses that implement it also
     * override {@link #hasDerivative}.
     */
    protected Tensor derivative(Tensor yTrue, Tensor yPred) {
        throw new UnsupportedOperationException(name() + " has no derivative in tensor operations");
    }

    /** Whether {@link #derivative} is implemented (false by default). */
    protected boolean hasDerivative() {
        return false;
    }

    /** Number of target values per row: {@code n} (dense targets) unless overridden. */
    protected int targetWidth(int n) {
        return n;
    }

    /** The hyperparameters, JSON-compatible (none by default). */
    public Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        int[] ps = yPred.shape();
        if (ps.length == 0) {
            throw new IllegalArgumentException(name() + ": prediction must have at least one axis, got a scalar");
        }
        int n = ps.length == 1 ? 1 : ps[ps.length - 1];
        int[] outShape = ps.length == 1 ? ps : Arrays.copyOf(ps, ps.length - 1);
        int rows = Shape.numel(outShape);
        int tw = targetWidth(n);
        checkTarget(yTrue.shape(), ps, outShape, n, tw);
        float[] t = yTrue.data();
        float[] p = yPred.data();
        float[] out = new float[rows];
        float[] grad = Autograd.needsGrad(yPred) ? new float[p.length] : null;
        int grain = Math.max(1, (1 << 15) / Math.max(1, n));
        Parallel.range(rows, grain, (a, b) -> {
            for (int r = a; r < b; r++) {
                out[r] = (float) row(t, r * tw, p, r * n, n, grad);
            }
        });
        Tensor result = new Tensor(out, outShape);
        if (grad == null) {
            return result;
        }
        int width = n;
        Autograd.record(result, name(), g -> {
            float[] gd = g.data();
            float[] gx = ArrayPool.take(grad.length);
            for (int r = 0; r < gd.length; r++) {
                float s = gd[r];
                int o = r * width;
                for (int j = 0; j < width; j++) {
                    gx[o + j] = grad[o + j] * s;
                }
            }
            return new Tensor[] {new Tensor(gx, ps)};
        }, tw == n && hasDerivative() ? g -> {
            // One loss gradient per row, broadcast over the row's predictions.
            int[] perRow = ps.clone();
            if (ps.length > 1) {
                perRow[ps.length - 1] = 1;
            }
            return new Tensor[] {g.reshape(perRow).mul(derivative(yTrue.reshape(ps), yPred))};
        } : null, yPred);
        return Autograd.recycleOnRelease(result, grad);
    }

    private void checkTarget(int[] ts, int[] ps, int[] outShape, int n, int tw) {
        // Dense targets have the prediction's shape, one label per row the shape without the last
        // axis; either may carry or drop one trailing axis of size 1, as Keras allows. (Comparing
        // both shapes with their trailing 1 dropped rejected a (1, 1) target for a (1, 1)
        // prediction: a batch of one sample.)
        boolean ok = tw == n ? matches(ts, ps) : matches(ts, outShape);
        if (!ok) {
            throw new IllegalArgumentException(name() + ": target shape " + Shape.str(ts) + " does not match prediction shape "
                    + Shape.str(ps) + (tw == 1 && ps.length > 1 ? " (expected one label per row: " + Shape.str(outShape) + ")" : ""));
        }
    }

    /** Whether {@code ts} is {@code shape}, or differs from it by one trailing axis of size 1. */
    private static boolean matches(int[] ts, int[] shape) {
        return Shape.same(ts, shape) || Shape.same(dropTrailingOne(ts), shape) || Shape.same(ts, dropTrailingOne(shape));
    }

    private static int[] dropTrailingOne(int[] s) {
        return s.length > 0 && s[s.length - 1] == 1 ? Arrays.copyOf(s, s.length - 1) : s;
    }

    /** {@code x} clamped to [lo, hi]. */
    protected static double clip(double x, double lo, double hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }

    /** Whether {@code x} passes through a clip to [lo, hi] with a gradient (TensorFlow's rule: inclusive). */
    protected static boolean inside(double x, double lo, double hi) {
        return x >= lo && x <= hi;
    }

    /** {@code log(1 + exp(x))} without overflow. */
    protected static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** The logistic sigmoid, accurate for large |x|. */
    protected static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** {@code log(sum(exp(x[off..off+n))))} without overflow. */
    protected static double logSumExp(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        // The vectorized exponentials, bitwise FloatMath.exp((float) (x - max)) (the float
        // difference is the double one rounded), summed in the same order: the scalar loop was a
        // seventh of a small GPT's validation time.
        float[] e = scratch(n);
        TK.expShifted(x, off, (float) max, e, 0, n);
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += e[j];
        }
        return max + Math.log(s);
    }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /** A per-thread array of at least {@code n} floats, for one row's exponentials. */
    private static float[] scratch(int n) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < n) {
            holder[0] = new float[Math.max(n, 2 * holder[0].length)];
        }
        return holder[0];
    }

    /**
     * Writes {@code softmax(x[off..off+n))} into {@code out[off..]} (one exponential per element)
     * and returns the row's log-sum-exp.
     */
    protected static double softmaxInto(float[] x, int off, int n, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        if (Float.isInfinite(max) || Float.isNaN(max)) {
            // An infinite or NaN logit has no softmax: propagate NaN rather than a made-up gradient.
            Arrays.fill(out, off, off + n, Float.NaN);
            return logSumExp(x, off, n);
        }
        // The vectorized exponentials (bitwise FloatMath.exp(x - max)), then the sum in the same order.
        TK.expShifted(x, off, max, out, off, n);
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += out[off + j];
        }
        float inv = (float) (1 / s);
        for (int j = 0; j < n; j++) {
            out[off + j] *= inv;
        }
        return max + Math.log(s);
    }

    /** {@code y * (1 - smoothing) + smoothing * towards}: Keras's label smoothing. */
    protected static double smooth(double y, double smoothing, double towards) {
        return smoothing == 0 ? y : y * (1 - smoothing) + smoothing * towards;
    }

    @Override
    public String toString() {
        return name() + config();
    }
}
