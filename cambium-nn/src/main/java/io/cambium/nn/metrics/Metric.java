package io.cambium.nn.metrics;

import io.cambium.tensor.Tensor;

/**
 * A streaming metric (Keras semantics): {@link #update} accumulates batch statistics,
 * {@link #result()} gives the value over everything seen since {@link #reset()}. Metrics read
 * values only; they never take part in autograd.
 */
public abstract class Metric {
    /** The name printed in logs and History, as Keras prints it ({@code accuracy}, {@code auc}, ...). */
    public abstract String name();

    /** Accumulates a batch; {@code sampleWeight} ({@code [batch]}) may be {@code null}. */
    public abstract void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    /** The value over the batches seen since the last reset. */
    public abstract double result();

    /** Forgets all accumulated state. */
    public abstract void reset();

    /** A fresh metric with the same configuration (one per model output and per data split). */
    public abstract Metric newInstance();

    /**
     * Lets the metric adapt to the compiled loss (the "accuracy" metric picks binary, categorical or
     * sparse accuracy from it, as Keras does). The default ignores it.
     */
    public void configureFor(String lossName) {
    }

    @Override
    public String toString() {
        return name() + "=" + result();
    }
}
