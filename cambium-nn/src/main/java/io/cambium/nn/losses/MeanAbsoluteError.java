package io.cambium.nn.losses;

/** {@code mean(|y - p|)} over the last axis (Keras's mean_absolute_error); the gradient at 0 is 0. */
public final class MeanAbsoluteError extends RowLoss {
    /** With the Keras default reduction. */
    public MeanAbsoluteError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public MeanAbsoluteError(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "mean_absolute_error";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double d = (double) p[off + j] - t[tOff + j];
            s += Math.abs(d);
            if (grad != null) {
                grad[off + j] = (float) (Math.signum(d) / n);
            }
        }
        return s / n;
    }
}
