package io.cambium.nn.metrics;

/**
 * Whether the target class is among the {@code k} highest predictions (default 5). Targets may be
 * one-hot or class indices (Keras's SparseTopKCategoricalAccuracy).
 */
public class TopKCategoricalAccuracy extends MeanMetric {
    private final int topK;

    /** k = 5. */
    public TopKCategoricalAccuracy() {
        this(5);
    }

    /** The given k. */
    public TopKCategoricalAccuracy(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("TopKCategoricalAccuracy: k must be positive, got " + k);
        }
        this.topK = k;
    }

    @Override
    public String name() {
        return "top_k_categorical_accuracy";
    }

    @Override
    protected boolean sparseTargets() {
        return true;
    }

    @Override
    protected void values(float[] t, int kt, float[] p, int k, int rows, float[] out) {
        for (int r = 0; r < rows; r++) {
            int cls = kt == 1 && k > 1 ? (int) t[r] : argmax(t, r * kt, kt);
            float v = p[r * k + cls];
            int above = 0;
            for (int j = 0; j < k; j++) {
                if (p[r * k + j] > v) {
                    above++;
                }
            }
            out[r] = above < topK ? 1f : 0f;
        }
    }

    @Override
    public Metric newInstance() {
        return new TopKCategoricalAccuracy(topK);
    }
}
