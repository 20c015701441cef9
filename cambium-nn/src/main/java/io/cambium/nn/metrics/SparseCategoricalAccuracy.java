package io.cambium.nn.metrics;

/** Whether the arg-max of the prediction equals the integer class target. */
public class SparseCategoricalAccuracy extends MeanMetric {
    private final String name;

    /** Named {@code sparse_categorical_accuracy}. */
    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    SparseCategoricalAccuracy(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected boolean sparseTargets() {
        return true;
    }

    @Override
    protected void values(float[] t, int kt, float[] p, int k, int rows, float[] out) {
        for (int r = 0; r < rows; r++) {
            out[r] = argmax(p, r * k, k) == (int) t[r] ? 1f : 0f;
        }
    }

    @Override
    public Metric newInstance() {
        return new SparseCategoricalAccuracy(name);
    }
}
