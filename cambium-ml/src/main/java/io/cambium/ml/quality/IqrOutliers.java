package io.cambium.ml.quality;

/**
 * Tukey's fences: a value is an outlier outside {@code [Q1 - factor·IQR, Q3 + factor·IQR]}, with
 * the quartiles of the fitted data by NumPy's linear interpolation.
 *
 * <pre>{@code
 * IqrOutliers iqr = new IqrOutliers().factor(1.5).fit(series);
 * boolean[] outliers = iqr.mask(series);
 * double q1 = iqr.q1()[0], q3 = iqr.q3()[0];
 * }</pre>
 */
public final class IqrOutliers extends FeatureBounds<IqrOutliers> {
    private double factor = 1.5;
    private double[] q1;
    private double[] q3;

    /** Tukey's factor of 1.5. */
    public IqrOutliers() {
    }

    /** Width of the fences in interquartile ranges (default 1.5; 3 for "far out"). */
    public IqrOutliers factor(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("IqrOutliers: factor must be >= 0, got " + value);
        }
        this.factor = value;
        return this;
    }

    @Override
    public IqrOutliers fit(double[][] X) {
        checkSamples("IqrOutliers", X);
        int d = X[0].length;
        q1 = new double[d];
        q3 = new double[d];
        double[] lo = new double[d];
        double[] hi = new double[d];
        double[] col = new double[X.length];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < X.length; i++) {
                col[i] = X[i][j];
            }
            q1[j] = Outliers.percentile(col, 25);
            q3[j] = Outliers.percentile(col, 75);
            lo[j] = q1[j] - factor * (q3[j] - q1[j]);
            hi[j] = q3[j] + factor * (q3[j] - q1[j]);
        }
        bounds(lo, hi);
        return this;
    }

    /** The fitted first quartile of each feature. */
    public double[] q1() {
        requireFitted();
        return q1.clone();
    }

    /** The fitted third quartile of each feature. */
    public double[] q3() {
        requireFitted();
        return q3.clone();
    }

    /** The fitted interquartile range Q3 - Q1 of each feature. */
    public double[] iqr() {
        requireFitted();
        double[] out = new double[q1.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = q3[j] - q1[j];
        }
        return out;
    }
}
