package io.cambium.ml.metrics;

import io.cambium.ml.Data;
import java.util.Arrays;

/**
 * Confusion matrices as scikit-learn's {@code confusion_matrix}: entry [i][j] counts samples with
 * true label {@code labels[i]} predicted as {@code labels[j]}.
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
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException("confusion matrix: y_true has " + yTrue.length
                    + " samples but y_pred has " + yPred.length);
        }
        int L = labels.length;
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        int[] pos = new int[L];
        for (int j = 0; j < L; j++) {
            pos[Arrays.binarySearch(sorted, labels[j])] = j;
        }
        long[][] cm = new long[L][L];
        for (int i = 0; i < yTrue.length; i++) {
            int t = Arrays.binarySearch(sorted, yTrue[i]);
            int p = Arrays.binarySearch(sorted, yPred[i]);
            if (t >= 0 && p >= 0) {
                cm[pos[t]][pos[p]]++;
            }
        }
        return cm;
    }

    /** Normalized matrix over the sorted union of labels; 0/0 becomes 0 as in scikit-learn. */
    public static double[][] normalized(int[] yTrue, int[] yPred, Normalize normalize) {
        return normalize(of(yTrue, yPred), normalize);
    }

    /** Normalizes a count matrix. */
    public static double[][] normalize(long[][] cm, Normalize normalize) {
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
