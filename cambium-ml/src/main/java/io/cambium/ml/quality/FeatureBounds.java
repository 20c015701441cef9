package io.cambium.ml.quality;

import io.cambium.ml.Data;

/**
 * An outlier rule that learns a lower and an upper bound per feature from data: a row is an
 * outlier when any of its features lies outside its bounds. Works on a matrix [n, features] and
 * on a 1-D series (one feature); the fitted bounds then apply to new data.
 *
 * @param <S> the concrete rule, returned by {@code fit}
 */
public abstract class FeatureBounds<S extends FeatureBounds<S>> {
    private double[] lower;
    private double[] upper;

    FeatureBounds() {
    }

    /** Learns the statistics and bounds of each column of {@code X}; returns this rule. */
    public abstract S fit(double[][] X);

    /** Learns the statistics and bounds of a 1-D series; returns this rule. */
    public S fit(double[] series) {
        return fit(column(series));
    }

    /** Sets the fitted bounds (called by {@link #fit(double[][])}). */
    final void bounds(double[] lower, double[] upper) {
        this.lower = lower;
        this.upper = upper;
    }

    final void requireFitted() {
        if (lower == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not fitted yet; call fit first");
        }
    }

    /** Number of features seen in {@code fit}. */
    public int nFeaturesIn() {
        requireFitted();
        return lower.length;
    }

    /** The lower bound of each feature. */
    public double[] lower() {
        requireFitted();
        return lower.clone();
    }

    /** The upper bound of each feature. */
    public double[] upper() {
        requireFitted();
        return upper.clone();
    }

    /** The bounds of each feature. */
    public Outliers.Bounds bounds() {
        return new Outliers.Bounds(lower(), upper());
    }

    /** Rows of {@code X} with some feature outside its bounds. */
    public boolean[] mask(double[][] X) {
        requireFitted();
        Data.checkFeatures(getClass().getSimpleName(), X, lower.length);
        return Outliers.outside(X, new Outliers.Bounds(lower, upper));
    }

    /** Points of a 1-D series outside the bounds (the rule must have been fitted on one feature). */
    public boolean[] mask(double[] series) {
        return mask(column(series));
    }

    /** A copy of X with every feature clipped into its bounds (winsorizing). */
    public double[][] clip(double[][] X) {
        requireFitted();
        Data.checkFeatures(getClass().getSimpleName(), X, lower.length);
        return Outliers.clip(X, new Outliers.Bounds(lower, upper));
    }

    /** A copy of a 1-D series clipped into the bounds. */
    public double[] clip(double[] series) {
        double[][] c = clip(column(series));
        double[] out = new double[series.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = c[i][0];
        }
        return out;
    }

    static double[][] column(double[] series) {
        double[][] X = new double[series.length][1];
        for (int i = 0; i < series.length; i++) {
            X[i][0] = series[i];
        }
        return X;
    }

    static void checkSamples(String who, double[][] X) {
        if (X.length == 0) {
            throw new IllegalArgumentException(who + ": no samples to fit");
        }
        Data.columns(who, X);
    }
}
