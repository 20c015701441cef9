package io.cambium.ml;

/**
 * An estimator whose {@code fit} accepts per-sample weights (scikit-learn's {@code sample_weight}).
 *
 * @param <Y> the target type, {@code int[]} or {@code double[]}
 */
public interface SampleWeighted<Y> extends Estimator<Y> {

    /** Fits with {@code sampleWeight[i]} multiplying sample i's loss; null means all ones. */
    Estimator<Y> fit(double[][] X, Y y, double[] sampleWeight);
}
