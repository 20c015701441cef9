package io.cambium.ml.metrics;

import io.cambium.ml.Data;
import java.util.Arrays;

/**
 * Confusion matrices as scikit-learn's {@code confusion_matrix}: entry [i][j] counts samples with
 * true label {@code labels[i]} predicted as {@code labels[j]} (with sample weights: sums their
 * weights).
 */
public final class ConfusionMatrix {
    /** Normalization of a confusion matrix. */
    public enum Normalize {
        /** Raw counts. */
        NONE,
        /** Over the true labels (rows sum to 1). */
        TRUE,
        /** Over the predicted labels (columns sum to 1). */
        PRED,
        /** Over all samples. */
        ALL
    }

    private ConfusionMatrix() {
    }

    /** Counts over the sorted union of labels. */
    public static long[][] of(int[] yTrue, int[] yPred) {
        return of(yTrue, yPred, Data.unique(yTrue, yPred));
    }

    /** Counts over {@code labels} in the given order; samples with other labels are ignored. */
    public static long[][] of(int[] yTrue, int[] yPred, int[] labels) {
        double[][] w = weighted(yTrue, yPred, labels, null);
        long[][] cm = new long[w.length][w.length];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                cm[i][j] = (long) w[i][j];
            }
        }
        return cm;
    }

    /**
     * Sums of sample weights over {@code labels} (null: the sorted union of y_true and y_pred) in
     * the given order; {@code sampleWeight} null counts every sample 1.
     */
    public static double[][] weighted(int[] yTrue, int[] yPred, int[] labels, double[] sampleWeight) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException("confusion matrix: y_true has " + yTrue.length
                    + " samples but y_pred has " + yPred.length);
        }
        Data.checkWeights("confusion matrix", sampleWeight, yTrue.length);
        if (labels == null) {
            labels = Data.unique(yTrue, yPred);
        }
        int L = labels.length;
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        for (int j = 1; j < L; j++) {
            if (sorted[j] == sorted[j - 1]) {
                throw new IllegalArgumentException("confusion matrix: label " + sorted[j] + " is given twice in labels");
            }
        }
        int[] pos = new int[L];
        for (int j = 0; j < L; j++) {
            pos[Arrays.binarySearch(sorted, labels[j])] = j;
        }
        double[][] cm = new double[L][L];
        for (int i = 0; i < yTrue.length; i++) {
            int t = Arrays.binarySearch(sorted, yTrue[i]);
            int p = Arrays.binarySearch(sorted, yPred[i]);
            if (t >= 0 && p >= 0) {
                cm[pos[t]][pos[p]] += SampleWeights.at(sampleWeight, i);
            }
        }
        return cm;
    }

    /** Normalized matrix over the sorted union of labels; 0/0 becomes 0 as in scikit-learn. */
    public static double[][] normalized(int[] yTrue, int[] yPred, Normalize normalize) {
        return normalize(weighted(yTrue, yPred, null, null), normalize);
    }

    /** Normalized weighted matrix over {@code labels} (null: sorted union); 0/0 becomes 0. */
    public static double[][] normalized(int[] yTrue, int[] yPred, int[] labels, double[] sampleWeight,
            Normalize normalize) {
        return normalize(weighted(yTrue, yPred, labels, sampleWeight), normalize);
    }

    /** Normalizes a count matrix. */
    public static double[][] normalize(long[][] cm, Normalize normalize) {
        double[][] d = new double[cm.length][];
        for (int i = 0; i < cm.length; i++) {
            d[i] = Arrays.stream(cm[i]).asDoubleStream().toArray();
        }
        return normalize(d, normalize);
    }

    /** Normalizes a (weighted) count matrix. */
    public static double[][] normalize(double[][] cm, Normalize normalize) {
        int L = cm.length;
        double[][] out = new double[L][L];
        double all = 0;
        double[] rows = new double[L];
        double[] cols = new double[L];
        for (int i = 0; i < L; i++) {
            for (int j = 0; j < L; j++) {
                rows[i] += cm[i][j];
                cols[j] += cm[i][j];
                all += cm[i][j];
            }
        }
        for (int i = 0; i < L; i++) {
            for (int j = 0; j < L; j++) {
                double d = switch (normalize) {
                    case NONE -> 1;
                    case TRUE -> rows[i];
                    case PRED -> cols[j];
                    case ALL -> all;
                };
                out[i][j] = d == 0 ? 0 : cm[i][j] / d;
            }
        }
        return out;
    }
}
