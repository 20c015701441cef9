package io.cambium.data.preprocessing;

/** Standardizes features to zero mean and unit (population, ddof=0) variance, like scikit-learn's. */
public final class StandardScaler extends Scaler {
    private final boolean withMean;
    private final boolean withStd;

    /** Centres and scales. */
    public StandardScaler() {
        this(true, true);
    }

    /** Like scikit-learn's {@code with_mean} and {@code with_std}. */
    public StandardScaler(boolean withMean, boolean withStd) {
        this.withMean = withMean;
        this.withStd = withStd;
    }

    @Override
    protected void fitColumns(float[][] columns) {
        for (int j = 0; j < columns.length; j++) {
            float[] c = columns[j];
            double mean = 0;
            for (float v : c) {
                mean += v;
            }
            mean /= Math.max(1, c.length);
            double var = 0;
            for (float v : c) {
                var += (v - mean) * (v - mean);
            }
            var /= Math.max(1, c.length);
            center[j] = withMean ? (float) mean : 0f;
            scale[j] = withStd ? handleZero(Math.sqrt(var)) : 1f;
        }
    }
}
