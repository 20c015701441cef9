package io.cambium.nn.metrics;

/** The mean squared error over the last axis, averaged over samples. */
public class MeanSquaredError extends MeanMetric {
    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    protected void values(float[] t, int kt, float[] p, int k, int rows, float[] out) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                double d = p[r * k + j] - t[r * k + j];
                s += d * d;
            }
            out[r] = (float) (s / k);
        }
    }

    @Override
    public Metric newInstance() {
        return new MeanSquaredError();
    }
}
