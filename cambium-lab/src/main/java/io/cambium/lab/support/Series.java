package io.cambium.lab.support;

import java.util.List;

/** Small conversions between training histories and plot series. */
public final class Series {
    private Series() {
    }

    /** A list of values as an array. */
    public static double[] of(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** The values of a tensor, row-major, as doubles (model outputs for cambium-ml's metrics). */
    public static double[] of(io.cambium.tensor.Tensor t) {
        float[] v = t.toArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** A matrix tensor {@code [rows, cols]} as {@code double[rows][cols]}. */
    public static double[][] matrix(io.cambium.tensor.Tensor t) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix, got rank " + t.rank());
        }
        float[] v = t.toArray();
        int cols = t.dim(1);
        double[][] out = new double[t.dim(0)][cols];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = v[i * cols + j];
            }
        }
        return out;
    }

    /** 1, 2, ..., n. */
    public static double[] oneTo(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i + 1;
        }
        return out;
    }

    /** The running maximum (best score so far). */
    public static double[] runningMax(double[] v) {
        double[] out = new double[v.length];
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            best = Math.max(best, v[i]);
            out[i] = best;
        }
        return out;
    }

    /** The mean of the values. */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The sample standard deviation (n - 1), 0 for a single value. */
    public static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
