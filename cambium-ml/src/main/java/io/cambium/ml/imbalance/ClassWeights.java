package io.cambium.ml.imbalance;

import io.cambium.ml.Data;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Class weights against imbalance, as scikit-learn's {@code compute_class_weight} and
 * {@code compute_sample_weight}: "balanced" gives class c the weight
 * {@code n_samples / (n_classes · count(c))}.
 */
public final class ClassWeights {
    private ClassWeights() {
    }

    /** Balanced weights, one per sorted class of y. */
    public static double[] balanced(int[] y) {
        return balanced(Data.unique(y), y);
    }

    /**
     * Balanced weights for the given {@code classes}, in their order
     * ({@code compute_class_weight("balanced", classes=classes, y=y)}). Every label of y must be
     * one of the classes, and every class must occur in y.
     */
    public static double[] balanced(int[] classes, int[] y) {
        checkCovers(classes, y);
        int[] present = Data.unique(y);
        int[] enc = Data.encode(y, present);
        long[] counts = new long[present.length];
        for (int e : enc) {
            counts[e]++;
        }
        double[] w = new double[classes.length];
        for (int c = 0; c < classes.length; c++) {
            int k = Arrays.binarySearch(present, classes[c]);
            if (k < 0) {
                throw new IllegalArgumentException("class weights: classes should have valid labels that are in y; "
                        + "class " + classes[c] + " does not occur in y");
            }
            w[c] = y.length / (double) (present.length * counts[k]);
        }
        return w;
    }

    /**
     * Weights from a map of class label to weight for the given {@code classes}, in their order;
     * classes missing from the map weigh 1 (a map naming a label that is not a class is an error,
     * as in scikit-learn).
     */
    public static double[] of(Map<Integer, ? extends Number> weights, int[] classes) {
        double[] w = new double[classes.length];
        int used = 0;
        List<Integer> missing = new ArrayList<>();
        for (int c = 0; c < classes.length; c++) {
            Number v = weights.get(classes[c]);
            if (v == null) {
                w[c] = 1.0;
                missing.add(classes[c]);
            } else {
                w[c] = v.doubleValue();
                used++;
            }
        }
        if (!missing.isEmpty() && used != weights.size()) {
            throw new IllegalArgumentException("class weights: the classes " + missing + " are not in class_weight "
                    + weights.keySet());
        }
        return w;
    }

    /**
     * Weights by mode: "balanced", or a map from class label to weight (missing classes get 1),
     * one per sorted class of y.
     *
     * @deprecated use {@link #balanced(int[])} or {@link #of(Map, int[])}
     */
    @Deprecated
    public static double[] compute(Object mode, int[] y) {
        if ("balanced".equals(mode)) {
            return balanced(y);
        }
        if (mode instanceof Map<?, ?> m) {
            int[] classes = Data.unique(y);
            double[] w = new double[classes.length];
            for (int c = 0; c < classes.length; c++) {
                Object v = m.get(classes[c]);
                w[c] = v == null ? 1.0 : ((Number) v).doubleValue();
            }
            return w;
        }
        throw new IllegalArgumentException("class weights: expected \"balanced\" or a Map<Integer, Number>, got " + mode);
    }

    /** A per-sample weight vector: each sample gets its class's weight (one per sorted class of y). */
    public static double[] sampleWeights(int[] y, double[] classWeights) {
        return sampleWeights(y, Data.unique(y), classWeights);
    }

    /** A per-sample weight vector: each sample gets the weight of its class among {@code classes}. */
    public static double[] sampleWeights(int[] y, int[] classes, double[] classWeights) {
        if (classWeights.length != classes.length) {
            throw new IllegalArgumentException("sample weights: " + classWeights.length + " class weights for "
                    + classes.length + " classes");
        }
        int[] sorted = classes.clone();
        Arrays.sort(sorted);
        int[] order = new int[classes.length];
        for (int c = 0; c < classes.length; c++) {
            order[Arrays.binarySearch(sorted, classes[c])] = c;
        }
        int[] enc = Data.encode(y, sorted);
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = classWeights[order[enc[i]]];
        }
        return out;
    }

    /** Per-sample weights from "balanced" class weights ({@code compute_sample_weight("balanced", y)}). */
    public static double[] balancedSampleWeights(int[] y) {
        return sampleWeights(y, balanced(y));
    }

    private static void checkCovers(int[] classes, int[] y) {
        int[] sorted = classes.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("class weights: class " + sorted[i] + " is listed twice");
            }
        }
        for (int i = 0; i < y.length; i++) {
            if (Arrays.binarySearch(sorted, y[i]) < 0) {
                throw new IllegalArgumentException("class weights: classes should include all valid labels that can be"
                        + " in y; label " + y[i] + " at index " + i + " is not one of " + Arrays.toString(classes));
            }
        }
    }
}
