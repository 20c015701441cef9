package io.cambium.ml;

import io.cambium.tensor.Tensor;

/**
 * A supervised model with scikit-learn's contract: {@code fit} learns from samples {@code X}
 * (rows) and targets {@code y}, {@code predict} maps new rows to targets, and {@code score} is the
 * estimator's default figure of merit (higher is better).
 *
 * <p>Class labels are carried as integral doubles so that classifiers and regressors share one
 * signature; {@link Classifier} adds probabilities.
 */
public interface Estimator {

    /** Learns from {@code X} [n, features] and {@code y} [n]; returns this estimator. */
    Estimator fit(double[][] X, double[] y);

    /** Predictions for the rows of {@code X}. */
    double[] predict(double[][] X);

    /** The default score of this estimator on ({@code X}, {@code y}): accuracy or R². */
    double score(double[][] X, double[] y);

    /** {@link #fit(double[][], double[])} with integer class labels. */
    default Estimator fit(double[][] X, int[] y) {
        return fit(X, Data.toDouble(y));
    }

    /** {@link #fit(double[][], double[])} with a [n, features] tensor and a [n] tensor. */
    default Estimator fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    /** {@link #predict(double[][])} on a [n, features] tensor. */
    default double[] predict(Tensor X) {
        return predict(Data.matrix(X));
    }
}
