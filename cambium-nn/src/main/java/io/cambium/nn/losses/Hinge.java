package io.cambium.nn.losses;

import io.cambium.tensor.Tensor;

/**
 * Keras's hinge loss {@code mean(max(1 - y p, 0))} over the last axis, with targets in
 * {@code {-1, 1}} (targets that are all 0 or 1 are mapped to -1 and 1, as Keras does).
 */
public final class Hinge extends RowLoss {
    /** With the Keras default reduction. */
    public Hinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public Hinge(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "hinge";
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
            double m = 1 - y * p[off + j];
            s += Math.max(m, 0);
            if (grad != null) {
                grad[off + j] = (float) (m > 0 ? -y / n : 0);
            }
        }
        return s / n;
    }
}
