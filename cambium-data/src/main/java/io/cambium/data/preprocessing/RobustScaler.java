package io.cambium.data.preprocessing;

import java.util.Arrays;

/**
 * Centres on the median and scales by the interquartile range (or another quantile range), robust
 * to outliers, like scikit-learn's; quantiles use NumPy's linear interpolation.
 */
public final class RobustScaler extends Scaler {
    private final boolean withCentering;
    private final boolean withScaling;
    private final double qLow;
    private final double qHigh;

    /** Median and the 25-75 interquartile range. */
    public RobustScaler() {
        this(true, true, 25, 75);
    }

    /** Like scikit-learn's {@code with_centering}, {@code with_scaling}, {@code quantile_range} (percent). */
    public RobustScaler(boolean withCentering, boolean withScaling, double qLow, double qHigh) {
        if (!(0 <= qLow && qLow < qHigh && qHigh <= 100)) {
            throw new IllegalArgumentException("RobustScaler: invalid quantile range (" + qLow + ", " + qHigh + ")");
        }
        this.withCentering = withCentering;
        this.withScaling = withScaling;
        this.qLow = qLow;
        this.qHigh = qHigh;
    }

    @Override
    protected void fitColumns(float[][] columns) {
        for (int j = 0; j < columns.length; j++) {
            float[] c = columns[j].clone();
            Arrays.sort(c);
            center[j] = withCentering ? (float) percentile(c, 50) : 0f;
            scale[j] = withScaling ? handleZero(percentile(c, qHigh) - percentile(c, qLow)) : 1f;
        }
    }

    /** NumPy's default (linear) percentile of sorted values. */
    static double percentile(float[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - (double) sorted[lo]) * frac;
    }
}
