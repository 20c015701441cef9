package io.cambium.nn.losses;

/**
 * Keras's categorical hinge {@code max(max((1 - y) p) - sum(y p) + 1, 0)} per row, for one-hot
 * targets.
 */
public final class CategoricalHinge extends RowLoss {
    /** With the Keras default reduction. */
    public CategoricalHinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public CategoricalHinge(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "categorical_hinge";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double pos = 0;
        double neg = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int j = 0; j < n; j++) {
            double y = t[tOff + j];
            double x = p[off + j];
            pos += y * x;
            double v = (1 - y) * x;
            if (v > neg) {
                neg = v;
                arg = j;
            }
        }
        double m = neg - pos + 1;
        if (grad != null) {
            for (int j = 0; j < n; j++) {
                double y = t[tOff + j];
                grad[off + j] = (float) (m > 0 ? (j == arg ? 1 - y : 0) - y : 0);
            }
        }
        return Math.max(m, 0);
    }
}
