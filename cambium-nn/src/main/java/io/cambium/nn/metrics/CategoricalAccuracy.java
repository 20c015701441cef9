package io.cambium.nn.metrics;

/** Whether the arg-max of the prediction equals the arg-max of the one-hot target. */
public class CategoricalAccuracy extends MeanMetric {
    private final String name;

    /** Named {@code categorical_accuracy}. */
    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    CategoricalAccuracy(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected void values(float[] t, int kt, float[] p, int k, int rows, float[] out) {
        for (int r = 0; r < rows; r++) {
            out[r] = argmax(p, r * k, k) == argmax(t, r * k, k) ? 1f : 0f;
        }
    }

    @Override
    public Metric newInstance() {
        return new CategoricalAccuracy(name);
    }
}
