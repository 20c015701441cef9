package io.cambium.nn.losses;

/** Keras's Poisson loss {@code mean(p - y log(p + 1e-7))} over the last axis. */
public final class Poisson extends RowLoss {
    /** With the Keras default reduction. */
    public Poisson() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public Poisson(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "poisson";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double x = p[off + j];
            double y = t[tOff + j];
            s += x - y * Math.log(x + EPSILON);
            if (grad != null) {
                grad[off + j] = (float) ((1 - y / (x + EPSILON)) / n);
            }
        }
        return s / n;
    }
}
