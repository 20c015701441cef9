package io.cambium.ml.imbalance;

import io.cambium.ml.Data;
import java.util.Map;

/**
 * Class weights against imbalance, as scikit-learn's {@code compute_class_weight}: "balanced" gives
 * class c the weight {@code n_samples / (n_classes · count(c))}.
 */
public final class ClassWeights {
    private ClassWeights() {
    }

    /** Balanced weights, one per sorted class of y. */
    public static double[] balanced(int[] y) {
        int[] classes = Data.unique(y);
        int[] enc = Data.encode(y, classes);
        long[] counts = new long[classes.length];
        for (int e : enc) {
            counts[e]++;
        }
        double[] w = new double[classes.length];
        for (int c = 0; c < classes.length; c++) {
            w[c] = y.length / (double) (classes.length * counts[c]);
        }
        return w;
    }

    /**
     * Weights by mode: "balanced", or a map from class label to weight (missing classes get 1),
     * one per sorted class of y.
     */
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

    /** A per-sample weight vector: each sample gets its class's weight. */
    public static double[] sampleWeights(int[] y, double[] classWeights) {
        int[] classes = Data.unique(y);
        if (classWeights.length != classes.length) {
            throw new IllegalArgumentException("sample weights: " + classWeights.length + " class weights for "
                    + classes.length + " classes");
        }
        int[] enc = Data.encode(y, classes);
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = classWeights[enc[i]];
        }
        return out;
    }

    /** Per-sample weights from "balanced" class weights. */
    public static double[] balancedSampleWeights(int[] y) {
        return sampleWeights(y, balanced(y));
    }
}
