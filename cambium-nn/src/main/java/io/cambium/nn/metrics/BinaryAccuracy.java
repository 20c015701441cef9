package io.cambium.nn.metrics;

/** The fraction of predictions on the right side of a threshold (default 0.5) of 0/1 targets. */
public class BinaryAccuracy extends MeanMetric {
    private final float threshold;
    private final String name;

    /** Threshold 0.5. */
    public BinaryAccuracy() {
        this("binary_accuracy", 0.5f);
    }

    /** A custom name and threshold. */
    public BinaryAccuracy(String name, double threshold) {
        this.name = name;
        this.threshold = (float) threshold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected void values(float[] t, int kt, float[] p, int k, int rows, float[] out) {
        for (int r = 0; r < rows; r++) {
            int hits = 0;
            for (int j = 0; j < k; j++) {
                float pred = p[r * k + j] > threshold ? 1f : 0f;
                hits += pred == t[r * k + j] ? 1 : 0;
            }
            out[r] = (float) hits / k;
        }
    }

    @Override
    public Metric newInstance() {
        return new BinaryAccuracy(name, threshold);
    }
}
