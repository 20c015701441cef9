package io.cambium.nn.metrics;

import io.cambium.tensor.Tensor;

/** TP / (TP + FP) of scores thresholded at 0.5 (or a given threshold) against 0/1 targets. */
public class Precision extends Metric {
    private final float threshold;
    private final ConfusionCounts counts;

    /** Threshold 0.5. */
    public Precision() {
        this(0.5f);
    }

    /** A custom threshold. */
    public Precision(double threshold) {
        this.threshold = (float) threshold;
        this.counts = new ConfusionCounts(new float[] {this.threshold});
    }

    @Override
    public String name() {
        return "precision";
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        counts.update(name(), yTrue, yPred, sampleWeight);
    }

    @Override
    public double result() {
        return ConfusionCounts.divideNoNan(counts.tp[0], counts.tp[0] + counts.fp[0]);
    }

    @Override
    public void reset() {
        counts.reset();
    }

    @Override
    public Metric newInstance() {
        return new Precision(threshold);
    }
}
