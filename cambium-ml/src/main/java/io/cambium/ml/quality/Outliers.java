package io.cambium.ml.quality;

import io.cambium.ml.Data;
import java.util.Arrays;

/**
 * Per-feature outlier rules as functions: the Z-score rule (|x - mean| / std > threshold,
 * population std) and Tukey's IQR fences [Q1 - f·IQR, Q3 + f·IQR] with NumPy's
 * linear-interpolation percentiles. A row is an outlier when any of its features is. The rules as
 * fitted objects, which keep their statistics and apply to new data and to 1-D series, are
 * {@link ZScoreOutliers} and {@link IqrOutliers}.
 */
public final class Outliers {
    private Outliers() {
    }

    /** Per-feature lower and upper bounds. */
    public record Bounds(double[] lower, double[] upper) {
    }

    /** Z-scores of every entry, column by column. */
    public static double[][] zScores(double[][] X) {
        return new ZScoreOutliers().fit(X).scores(X);
    }

    static void moments(double[][] X, double[] mean, double[] std) {
        int n = X.length;
        for (double[] row : X) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : X) {
            for (int j = 0; j < mean.length; j++) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(std[j]);
        }
    }

    /** Z-scores of a 1-D series. */
    public static double[] zScores(double[] series) {
        return new ZScoreOutliers().fit(series).scores(series);
    }

    /** Points of a 1-D series with |z| above {@code threshold} (commonly 3). */
    public static boolean[] zScoreMask(double[] series, double threshold) {
        return new ZScoreOutliers().threshold(threshold).fit(series).mask(series);
    }

    /** Points of a 1-D series outside its Tukey fences with the given factor (commonly 1.5). */
    public static boolean[] iqrMask(double[] series, double factor) {
        return new IqrOutliers().factor(factor).fit(series).mask(series);
    }

    /** Rows with some |z| above {@code threshold} (commonly 3). */
    public static boolean[] zScoreMask(double[][] X, double threshold) {
        return new ZScoreOutliers().threshold(threshold).fit(X).mask(X);
    }

    /** Bounds mean ± threshold·std per feature. */
    public static Bounds zScoreBounds(double[][] X, double threshold) {
        return new ZScoreOutliers().threshold(threshold).fit(X).bounds();
    }

    /** The q-th percentile (0..100) of v by linear interpolation, as numpy.percentile. */
    public static double percentile(double[] v, double q) {
        if (v.length == 0) {
            throw new IllegalArgumentException("percentile of an empty array");
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q / 100 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        double frac = pos - lo;
        return s[lo] + (s[hi] - s[lo]) * frac;
    }

    /** Tukey fences per feature with the given factor (commonly 1.5). */
    public static Bounds iqrBounds(double[][] X, double factor) {
        return new IqrOutliers().factor(factor).fit(X).bounds();
    }

    /** Rows with some feature outside its Tukey fences. */
    public static boolean[] iqrMask(double[][] X, double factor) {
        return outside(X, iqrBounds(X, factor));
    }

    /** Rows with some feature outside the bounds. */
    public static boolean[] outside(double[][] X, Bounds b) {
        boolean[] out = new boolean[X.length];
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < X[i].length; j++) {
                out[i] |= X[i][j] < b.lower()[j] || X[i][j] > b.upper()[j];
            }
        }
        return out;
    }

    /** The rows not flagged by {@code mask}. */
    public static double[][] filter(double[][] X, boolean[] mask) {
        return Data.rows(X, kept(mask));
    }

    /** The targets of the rows not flagged by {@code mask}. */
    public static double[] filter(double[] y, boolean[] mask) {
        return Data.take(y, kept(mask));
    }

    private static int[] kept(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 0 : 1;
        }
        int[] idx = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) {
            if (!mask[i]) {
                idx[k++] = i;
            }
        }
        return idx;
    }

    /** A copy of X with every feature clipped into its bounds (winsorizing). */
    public static double[][] clip(double[][] X, Bounds b) {
        double[][] out = new double[X.length][];
        for (int i = 0; i < X.length; i++) {
            out[i] = X[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = Math.min(b.upper()[j], Math.max(b.lower()[j], out[i][j]));
            }
        }
        return out;
    }
}
