package io.cambium.nn.losses;

/**
 * {@code mean((log(max(p, eps) + 1) - log(max(y, eps) + 1))^2)} over the last axis (Keras's
 * mean_squared_logarithmic_error).
 */
public final class MeanSquaredLogarithmicError extends RowLoss {
    /** With the Keras default reduction. */
    public MeanSquaredLogarithmicError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public MeanSquaredLogarithmicError(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "mean_squared_logarithmic_error";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double x = p[off + j];
            double lp = Math.log(Math.max(x, EPSILON) + 1);
            double d = lp - Math.log(Math.max(t[tOff + j], EPSILON) + 1);
            s += d * d;
            if (grad != null) {
                grad[off + j] = (float) (x >= EPSILON ? 2 * d / (x + 1) / n : 0);
            }
        }
        return s / n;
    }
}
