package io.cambium.nn.losses;

import io.cambium.tensor.Tensor;

/** {@code mean((y - p)^2)} over the last axis (Keras's mean_squared_error). */
public final class MeanSquaredError extends RowLoss {
    /** With the Keras default reduction. */
    public MeanSquaredError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public MeanSquaredError(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    protected boolean hasDerivative() {
        return true;
    }

    @Override
    protected Tensor derivative(Tensor yTrue, Tensor yPred) {
        int n = yPred.rank() == 1 ? 1 : yPred.dim(-1);
        return yPred.sub(yTrue).mul(2f / n);
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double d = (double) p[off + j] - t[tOff + j];
            s += d * d;
            if (grad != null) {
                grad[off + j] = (float) (2 * d / n);
            }
        }
        return s / n;
    }
}
