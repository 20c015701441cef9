package io.cambium.nn.losses;

/**
 * {@code mean(log(cosh(p - y)))} over the last axis (Keras's log_cosh), computed as
 * {@code x + softplus(-2x) - log 2} so that it stays finite for large errors.
 */
public final class LogCosh extends RowLoss {
    private static final double LOG2 = Math.log(2);

    /** With the Keras default reduction. */
    public LogCosh() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public LogCosh(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "log_cosh";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double x = (double) p[off + j] - t[tOff + j];
            s += x + softplus(-2 * x) - LOG2;
            if (grad != null) {
                grad[off + j] = (float) (Math.tanh(x) / n);
            }
        }
        return s / n;
    }
}
