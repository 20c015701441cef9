package io.cambium.ml;

/** An estimator whose {@code fit} accepts per-sample weights (scikit-learn's sample_weight). */
public interface SampleWeighted extends Estimator {

    /** Fits with {@code sampleWeight[i]} multiplying sample i's loss; null means all ones. */
    Estimator fit(double[][] X, double[] y, double[] sampleWeight);
}
