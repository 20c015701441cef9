package io.cambium.nn.losses;

/**
 * Keras's Kullback-Leibler divergence {@code sum(y log(y / p))} over the last axis, with both
 * {@code y} and {@code p} clipped to {@code [1e-7, 1]} (no gradient where {@code p} is clipped).
 */
public final class KLDivergence extends RowLoss {
    /** With the Keras default reduction. */
    public KLDivergence() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public KLDivergence(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "kl_divergence";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double y = clip(t[tOff + j], EPSILON, 1);
            double x = p[off + j];
            double c = clip(x, EPSILON, 1);
            s += y * Math.log(y / c);
            if (grad != null) {
                grad[off + j] = (float) (inside(x, EPSILON, 1) ? -y / c : 0);
            }
        }
        return s;
    }
}
