package io.cambium.ml.imbalance;

import io.cambium.ml.Data;

/** A resampled data set: samples and their integer class labels. */
public final class Resampled {
    private final double[][] X;
    private final int[] labels;

    /** Samples and one label per sample. */
    public Resampled(double[][] X, int[] labels) {
        if (X.length != labels.length) {
            throw new IllegalArgumentException("resampled data: " + X.length + " samples but " + labels.length
                    + " labels");
        }
        this.X = X;
        this.labels = labels;
    }

    /** The samples, originals first. */
    public double[][] X() {
        return X;
    }

    /** The class label of each sample. */
    public int[] labels() {
        return labels;
    }

    /**
     * The labels as doubles (the round-1 form).
     *
     * @deprecated use {@link #labels()}
     */
    @Deprecated
    public double[] y() {
        return Data.toDouble(labels);
    }
}
