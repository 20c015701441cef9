package io.cambium.ml;

import io.cambium.tensor.Tensor;

/**
 * A supervised model with scikit-learn's contract: {@code fit} learns from samples {@code X}
 * (rows) and targets {@code y}, {@code predict} maps new rows to targets, and {@code score} is the
 * estimator's default figure of merit (higher is better).
 *
 * <p>{@code Y} is the type of the targets and predictions: {@code int[]} class labels for a
 * {@link Classifier}, {@code double[]} values for a {@link Regressor}. Every concrete estimator's
 * {@code fit} returns the estimator itself with its own type, so
 * {@code new Ridge().alpha(2).fit(X, y).coef()} compiles.
 *
 * @param <Y> the target type, {@code int[]} or {@code double[]}
 */
public interface Estimator<Y> {

    /** Learns from {@code X} [n, features] and {@code y} [n]; returns this estimator. */
    Estimator<Y> fit(double[][] X, Y y);

    /** Predictions for the rows of {@code X}. */
    Y predict(double[][] X);

    /** The default score of this estimator on ({@code X}, {@code y}): accuracy or R². */
    double score(double[][] X, Y y);

    /** {@link #score(double[][], Object)} with per-sample weights (null: all ones). */
    double score(double[][] X, Y y, double[] sampleWeight);

    /** {@link #predict(double[][])} on a [n, features] tensor. */
    default Y predict(Tensor X) {
        return predict(Data.matrix(X));
    }
}
