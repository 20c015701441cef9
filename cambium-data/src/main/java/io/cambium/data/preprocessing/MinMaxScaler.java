package io.cambium.data.preprocessing;

/** Scales each feature to a range (default [0, 1]) from its observed minimum and maximum, like scikit-learn's. */
public final class MinMaxScaler extends Scaler {
    private final float low;
    private final float high;

    /** Scales to [0, 1]. */
    public MinMaxScaler() {
        this(0f, 1f);
    }

    /** Scales to [low, high] (scikit-learn's {@code feature_range}). */
    public MinMaxScaler(float low, float high) {
        if (!(low < high)) {
            throw new IllegalArgumentException("MinMaxScaler: feature range must have low < high, got [" + low
                    + ", " + high + "]");
        }
        this.low = low;
        this.high = high;
    }

    @Override
    protected void fitColumns(float[][] columns) {
        for (int j = 0; j < columns.length; j++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : columns[j]) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            // transform = (x - dataMin) * (high - low) / range + low  ==  (x - center) / scale
            double s = handleZero((double) max - min) / (high - low);
            scale[j] = (float) s;
            center[j] = (float) (min - low * s);
        }
    }
}
