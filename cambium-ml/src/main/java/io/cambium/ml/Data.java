package io.cambium.ml;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.Arrays;
import java.util.TreeSet;

/** Conversions and checks for the plain-array data that cambium-ml works on. */
public final class Data {
    private Data() {
    }

    /** A [n, f] tensor as rows of doubles. */
    public static double[][] matrix(Tensor t) {
        int[] s = t.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException("expected a [samples, features] tensor, got shape " + Shape.str(s));
        }
        float[] d = t.data();
        double[][] out = new double[s[0]][s[1]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                out[i][j] = d[i * s[1] + j];
            }
        }
        return out;
    }

    /** A [n] (or [n, 1]) tensor as doubles. */
    public static double[] vector(Tensor t) {
        int[] s = t.shape();
        if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
            throw new IllegalArgumentException("expected a [samples] tensor, got shape " + Shape.str(s));
        }
        float[] d = t.data();
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i];
        }
        return out;
    }

    /** A [n] (or [n, 1]) tensor of integral class labels as ints. */
    public static int[] labels(Tensor t) {
        return labels(vector(t));
    }

    /** The index of the largest entry of each row of a [n, k] tensor (first among equals). */
    public static int[] argmax(Tensor scores) {
        return argmax(matrix(scores));
    }

    /** The index of the largest entry of each row (first among equals). */
    public static int[] argmax(double[][] scores) {
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int best = 0;
            for (int j = 1; j < scores[i].length; j++) {
                if (scores[i][j] > scores[i][best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Rows of doubles as a [n, f] float tensor. */
    public static Tensor tensor(double[][] X) {
        int n = X.length;
        int f = n == 0 ? 0 : X[0].length;
        float[] d = new float[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                d[i * f + j] = (float) X[i][j];
            }
        }
        return new Tensor(d, n, f);
    }

    /** Integer labels as doubles. */
    public static double[] toDouble(int[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i];
        }
        return out;
    }

    /** Doubles that must be integral class labels, as ints. */
    public static int[] labels(double[] y) {
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] != Math.rint(y[i]) || Math.abs(y[i]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("class labels must be integers, got " + y[i] + " at index " + i);
            }
            out[i] = (int) y[i];
        }
        return out;
    }

    /** The distinct values of {@code y}, sorted ascending (numpy.unique). */
    public static int[] unique(int[]... ys) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int[] y : ys) {
            for (int v : y) {
                set.add(v);
            }
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Index of each label of {@code y} in the sorted {@code classes}; fails on an unknown label. */
    public static int[] encode(int[] y, int[] classes) {
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            int k = Arrays.binarySearch(classes, y[i]);
            if (k < 0) {
                throw new IllegalArgumentException("label " + y[i] + " at index " + i + " is not one of the classes "
                        + Arrays.toString(classes));
            }
            out[i] = k;
        }
        return out;
    }

    /** Checks that X is a non-empty rectangular matrix with y.length rows; returns the feature count. */
    public static int check(String who, double[][] X, int ySize) {
        if (X.length == 0) {
            throw new IllegalArgumentException(who + ": X has no samples");
        }
        if (X.length != ySize) {
            throw new IllegalArgumentException(who + ": X has " + X.length + " samples but y has " + ySize);
        }
        return columns(who, X);
    }

    /** Checks that X is rectangular; returns its column count. */
    public static int columns(String who, double[][] X) {
        int f = X.length == 0 ? 0 : X[0].length;
        for (int i = 0; i < X.length; i++) {
            if (X[i].length != f) {
                throw new IllegalArgumentException(who + ": row " + i + " of X has " + X[i].length
                        + " features, expected " + f);
            }
        }
        return f;
    }

    /** Checks the feature count of X at predict time. */
    public static void checkFeatures(String who, double[][] X, int expected) {
        int f = columns(who, X);
        if (X.length > 0 && f != expected) {
            throw new IllegalArgumentException(who + ": X has " + f + " features, but the model was fitted with "
                    + expected);
        }
    }

    /** The rows of X at {@code idx}. */
    public static double[][] rows(double[][] X, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = X[idx[i]];
        }
        return out;
    }

    /** The entries of y at {@code idx}. */
    public static double[] take(double[] y, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = y[idx[i]];
        }
        return out;
    }

    /**
     * The entries at {@code idx} of a target array of either kind ({@code int[]} labels or
     * {@code double[]} values), for code that is generic in the target type.
     */
    @SuppressWarnings("unchecked")
    public static <Y> Y subset(Y y, int[] idx) {
        if (y instanceof int[] a) {
            return (Y) take(a, idx);
        }
        if (y instanceof double[] a) {
            return (Y) take(a, idx);
        }
        throw new IllegalArgumentException("targets must be int[] or double[], got "
                + (y == null ? "null" : y.getClass().getSimpleName()));
    }

    /** The number of samples of a target array of either kind. */
    public static int length(Object y) {
        if (y instanceof int[] a) {
            return a.length;
        }
        if (y instanceof double[] a) {
            return a.length;
        }
        throw new IllegalArgumentException("targets must be int[] or double[], got "
                + (y == null ? "null" : y.getClass().getSimpleName()));
    }

    /** Targets of either kind as integer class labels (doubles must be integral). */
    public static int[] labels(Object y) {
        if (y instanceof int[] a) {
            return a;
        }
        if (y instanceof double[] a) {
            return labels(a);
        }
        throw new IllegalArgumentException("class labels must be int[] (or integral double[]), got "
                + (y == null ? "null" : y.getClass().getSimpleName()));
    }

    /** Targets of either kind as doubles. */
    public static double[] values(Object y) {
        if (y instanceof double[] a) {
            return a;
        }
        if (y instanceof int[] a) {
            return toDouble(a);
        }
        throw new IllegalArgumentException("targets must be double[] or int[], got "
                + (y == null ? "null" : y.getClass().getSimpleName()));
    }

    /** Checks that a per-sample weight vector (null: none) has one finite, non-negative entry per sample. */
    public static void checkWeights(String who, double[] sampleWeight, int n) {
        if (sampleWeight == null) {
            return;
        }
        if (sampleWeight.length != n) {
            throw new IllegalArgumentException(who + ": sample_weight has " + sampleWeight.length + " entries for " + n
                    + " samples");
        }
        for (int i = 0; i < n; i++) {
            if (!(sampleWeight[i] >= 0) || Double.isInfinite(sampleWeight[i])) {
                throw new IllegalArgumentException(who + ": sample_weight[" + i + "] = " + sampleWeight[i]
                        + " is not a finite non-negative number");
            }
        }
    }

    /** The entries of y at {@code idx}. */
    public static int[] take(int[] y, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = y[idx[i]];
        }
        return out;
    }
}
