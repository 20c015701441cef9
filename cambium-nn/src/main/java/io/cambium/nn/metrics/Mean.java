package io.cambium.nn.metrics;

import io.cambium.tensor.Tensor;

/** The weighted mean of scalar values (used for the loss, which Keras weights by batch size). */
public class Mean extends Metric {
    private final String name;
    private double total;
    private double count;

    /** A mean named {@code name}. */
    public Mean(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Adds {@code value} with weight {@code weight}. */
    public void update(double value, double weight) {
        total += value * weight;
        count += weight;
    }

    /** Adds the mean of {@code yPred} (weighted by the sample weights when given); {@code yTrue} is ignored. */
    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        float[] v = yPred.data();
        int b = yPred.rank() == 0 ? 1 : yPred.dim(0);
        int per = b == 0 ? 0 : v.length / b;
        for (int i = 0; i < v.length; i++) {
            double w = sampleWeight == null ? 1 : sampleWeight.data()[per == 0 ? 0 : i / per];
            update(v[i], w);
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

    @Override
    public Metric newInstance() {
        return new Mean(name);
    }
}
