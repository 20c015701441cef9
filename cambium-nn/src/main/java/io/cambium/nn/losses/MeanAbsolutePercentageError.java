package io.cambium.nn.losses;

/** {@code 100 * mean(|y - p| / max(|y|, eps))} over the last axis (Keras's mean_absolute_percentage_error). */
public final class MeanAbsolutePercentageError extends RowLoss {
    /** With the Keras default reduction. */
    public MeanAbsolutePercentageError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public MeanAbsolutePercentageError(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "mean_absolute_percentage_error";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double y = t[tOff + j];
            double d = p[off + j] - y;
            double den = Math.max(Math.abs(y), EPSILON);
            s += Math.abs(d) / den;
            if (grad != null) {
                grad[off + j] = (float) (100 * Math.signum(d) / den / n);
            }
        }
        return 100 * s / n;
    }
}
