package io.cambium.ml.quality;

/**
 * The Z-score rule: a value is an outlier when {@code |x - mean| / std > threshold} (population
 * standard deviation of the fitted data; a constant feature has no outliers).
 *
 * <pre>{@code
 * ZScoreOutliers z = new ZScoreOutliers().threshold(3).fit(series);   // a double[] or a double[][]
 * boolean[] spikes = z.mask(series);
 * double mean = z.mean()[0], std = z.std()[0];
 * }</pre>
 */
public final class ZScoreOutliers extends FeatureBounds<ZScoreOutliers> {
    private double threshold = 3.0;
    private double[] mean;
    private double[] std;

    /** The common threshold of 3 standard deviations. */
    public ZScoreOutliers() {
    }

    /** Largest |z| of an inlier (default 3). */
    public ZScoreOutliers threshold(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("ZScoreOutliers: threshold must be > 0, got " + value);
        }
        this.threshold = value;
        return this;
    }

    @Override
    public ZScoreOutliers fit(double[][] X) {
        checkSamples("ZScoreOutliers", X);
        int d = X[0].length;
        mean = new double[d];
        std = new double[d];
        Outliers.moments(X, mean, std);
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int j = 0; j < d; j++) {
            lo[j] = mean[j] - threshold * std[j];
            hi[j] = mean[j] + threshold * std[j];
        }
        bounds(lo, hi);
        return this;
    }

    /** The fitted mean of each feature. */
    public double[] mean() {
        requireFitted();
        return mean.clone();
    }

    /** The fitted population standard deviation of each feature. */
    public double[] std() {
        requireFitted();
        return std.clone();
    }

    /** Rows of X with some |z| above the threshold (a constant fitted feature never is). */
    @Override
    public boolean[] mask(double[][] X) {
        double[][] z = scores(X);
        boolean[] out = new boolean[X.length];
        for (int i = 0; i < X.length; i++) {
            for (double v : z[i]) {
                out[i] |= Math.abs(v) > threshold;
            }
        }
        return out;
    }

    /** Z-scores of X with the fitted statistics (0 for a constant feature). */
    public double[][] scores(double[][] X) {
        requireFitted();
        io.cambium.ml.Data.checkFeatures("ZScoreOutliers", X, mean.length);
        double[][] z = new double[X.length][mean.length];
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                z[i][j] = std[j] == 0 ? 0 : (X[i][j] - mean[j]) / std[j];
            }
        }
        return z;
    }

    /** Z-scores of a 1-D series with the fitted statistics. */
    public double[] scores(double[] series) {
        double[][] z = scores(column(series));
        double[] out = new double[series.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = z[i][0];
        }
        return out;
    }
}
