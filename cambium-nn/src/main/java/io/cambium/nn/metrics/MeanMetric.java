package io.cambium.nn.metrics;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * A metric that is the weighted mean of one value per sample (Keras's MeanMetricWrapper): for a
 * prediction of shape {@code (batch, ..., k)} a value per position {@code (batch, ...)}, computed
 * over the last axis; sample weights apply to all positions of their sample.
 */
public abstract class MeanMetric extends Metric {
    private double total;
    private double count;

    /**
     * The per-position values. {@code rows} positions, each with {@code k} predicted values at
     * {@code p[row * k ..]} and {@code kt} true values at {@code t[row * kt ..]}.
     */
    protected abstract void values(float[] t, int kt, float[] p, int k, int rows, float[] out);

    /** Whether the targets may hold one class index per position instead of k values. */
    protected boolean sparseTargets() {
        return false;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        int[] ps = yPred.shape();
        int k = ps.length >= 2 ? ps[ps.length - 1] : 1;
        int rows = k == 0 ? 0 : yPred.numel() / k;
        int kt = rows == 0 ? 0 : yTrue.numel() / rows;
        if (rows * kt != yTrue.numel() || (kt != k && !(sparseTargets() && kt == 1))) {
            throw new IllegalArgumentException(name() + ": targets of shape " + Shape.str(yTrue.shape())
                    + " do not match predictions of shape " + Shape.str(ps));
        }
        float[] out = new float[rows];
        values(yTrue.data(), kt, yPred.data(), k, rows, out);
        int batch = ps.length == 0 ? 1 : ps[0];
        int per = batch == 0 ? 0 : rows / batch;
        float[] w = sampleWeight == null ? null : sampleWeight.data();
        for (int i = 0; i < rows; i++) {
            double wi = w == null ? 1 : w[i / per];
            total += out[i] * wi;
            count += wi;
        }
    }

    @Override
    public double result() {
        return count == 0 ? 0 : total / count;
    }

    @Override
    public void reset() {
        total = 0;
        count = 0;
    }

    static int argmax(float[] a, int off, int n) {
        int best = 0;
        float bv = a[off];
        for (int i = 1; i < n; i++) {
            if (a[off + i] > bv) {
                bv = a[off + i];
                best = i;
            }
        }
        return best;
    }
}
