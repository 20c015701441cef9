package io.cambium.ml.imbalance;

/** A resampled data set. */
public record Resampled(double[][] X, double[] y) {
}
