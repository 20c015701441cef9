package io.cambium.nn.losses;

import io.cambium.tensor.Tensor;

/**
 * Keras's squared hinge loss {@code mean(max(1 - y p, 0)^2)} over the last axis (0/1 targets
 * are mapped to -1/1 as for {@link Hinge}).
 */
public final class SquaredHinge extends RowLoss {
    /** With the Keras default reduction. */
    public SquaredHinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public SquaredHinge(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "squared_hinge";
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        return super.perSample(HingeLabels.convert(yTrue), yPred);
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double y = t[tOff + j];
            double m = Math.max(1 - y * p[off + j], 0);
            s += m * m;
            if (grad != null) {
                grad[off + j] = (float) (-2 * m * y / n);
            }
        }
        return s / n;
    }
}
