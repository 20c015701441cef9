package io.cambium.rl.normalize;

import java.util.Arrays;

/**
 * A running mean and (population) variance of vectors, merged batch by batch with Chan's
 * parallel formula, starting from mean 0, variance 1 and a pseudo-count of {@code epsilon}
 * (Stable-Baselines3's {@code RunningMeanStd}, epsilon 1e-4).
 */
public final class RunningMeanStd {
    private final double[] mean;
    private final double[] var;
    private double count;

    /** Statistics of vectors of {@code size} elements, with SB3's initial pseudo-count 1e-4. */
    public RunningMeanStd(int size) {
        this(size, 1e-4);
    }

    /** Statistics with the given initial pseudo-count. */
    public RunningMeanStd(int size, double epsilon) {
        mean = new double[size];
        var = new double[size];
        Arrays.fill(var, 1.0);
        count = epsilon;
    }

    /** The vector size. */
    public int size() {
        return mean.length;
    }

    /** Merges a batch of {@code rows} vectors stored row by row in {@code batch}. */
    public void update(float[] batch, int rows) {
        int d = mean.length;
        if (batch.length < rows * d) {
            throw new IllegalArgumentException("RunningMeanStd: batch has " + batch.length + " values, expected " + rows * d);
        }
        double[] bm = new double[d];
        double[] bv = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                bm[j] += batch[r * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            bm[j] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                double e = batch[r * d + j] - bm[j];
                bv[j] += e * e;
            }
        }
        for (int j = 0; j < d; j++) {
            bv[j] /= rows;
        }
        merge(bm, bv, rows);
    }

    /** Merges a batch of scalars (for {@code size() == 1}). */
    public void update(double[] values) {
        if (mean.length != 1) {
            throw new IllegalStateException("RunningMeanStd: scalar update on statistics of size " + mean.length);
        }
        double m = 0;
        for (double v : values) {
            m += v;
        }
        m /= values.length;
        double s = 0;
        for (double v : values) {
            s += (v - m) * (v - m);
        }
        merge(new double[] {m}, new double[] {s / values.length}, values.length);
    }

    private void merge(double[] batchMean, double[] batchVar, double batchCount) {
        double total = count + batchCount;
        for (int j = 0; j < mean.length; j++) {
            double delta = batchMean[j] - mean[j];
            double m2 = var[j] * count + batchVar[j] * batchCount + delta * delta * count * batchCount / total;
            mean[j] = mean[j] + delta * batchCount / total;
            var[j] = m2 / total;
        }
        count = total;
    }

    /** The running means (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The running variances (a copy). */
    public double[] var() {
        return var.clone();
    }

    /** The number of merged samples plus the initial pseudo-count. */
    public double count() {
        return count;
    }

    /** Replaces the statistics (when loading a saved agent). */
    public void set(double[] newMean, double[] newVar, double newCount) {
        if (newMean.length != mean.length || newVar.length != var.length) {
            throw new IllegalArgumentException("RunningMeanStd: expected " + mean.length + " values, got " + newMean.length
                    + " means and " + newVar.length + " variances");
        }
        System.arraycopy(newMean, 0, mean, 0, mean.length);
        System.arraycopy(newVar, 0, var, 0, var.length);
        count = newCount;
    }
}
