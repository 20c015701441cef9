package io.cambium.ml.metrics;

import io.cambium.ml.Data;
import java.util.Arrays;

/**
 * Precision, recall and F-beta scores with scikit-learn's semantics
 * ({@code precision_recall_fscore_support}): labels are the sorted union of true and predicted
 * labels, and a ratio whose denominator is zero takes the value {@code zeroDivision} (0 or 1;
 * scikit-learn's default "warn" behaves as 0).
 */
public final class PrecisionRecall {
    private PrecisionRecall() {
    }

    /** Precision with the given average; binary uses positive label 1. */
    public static double precision(int[] yTrue, int[] yPred, Average average, double zeroDivision) {
        return scores(yTrue, yPred, 1.0, average, 1, null, zeroDivision).precision()[0];
    }

    /** Recall with the given average; binary uses positive label 1. */
    public static double recall(int[] yTrue, int[] yPred, Average average, double zeroDivision) {
        return scores(yTrue, yPred, 1.0, average, 1, null, zeroDivision).recall()[0];
    }

    /** F1 with the given average; binary uses positive label 1. */
    public static double f1(int[] yTrue, int[] yPred, Average average, double zeroDivision) {
        return scores(yTrue, yPred, 1.0, average, 1, null, zeroDivision).fScore()[0];
    }

    /** F-beta with the given average; binary uses positive label 1. */
    public static double fBeta(int[] yTrue, int[] yPred, double beta, Average average, double zeroDivision) {
        return scores(yTrue, yPred, beta, average, 1, null, zeroDivision).fScore()[0];
    }

    /** Per-class precision, recall, F1 and support over the sorted union of labels. */
    public static ClassScores perClass(int[] yTrue, int[] yPred, double zeroDivision) {
        return scores(yTrue, yPred, 1.0, Average.NONE, 1, null, zeroDivision);
    }

    /**
     * The general form: {@code labels} (null: sorted union of y_true and y_pred) selects and orders
     * the classes, {@code posLabel} is the positive class for {@link Average#BINARY}.
     */
    public static ClassScores scores(int[] yTrue, int[] yPred, double beta, Average average, int posLabel,
            int[] labels, double zeroDivision) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException("precision/recall: y_true has " + yTrue.length
                    + " samples but y_pred has " + yPred.length);
        }
        if (beta < 0) {
            throw new IllegalArgumentException("beta should be >= 0 in the F-beta score, got " + beta);
        }
        if (zeroDivision != 0.0 && zeroDivision != 1.0) {
            throw new IllegalArgumentException("zeroDivision must be 0 or 1, got " + zeroDivision);
        }
        int[] present = Data.unique(yTrue, yPred);
        if (average == Average.BINARY) {
            if (present.length > 2) {
                throw new IllegalArgumentException("Target is multiclass but average=BINARY; choose MICRO, MACRO,"
                        + " WEIGHTED or NONE");
            }
            if (Arrays.binarySearch(present, posLabel) < 0 && present.length >= 2) {
                throw new IllegalArgumentException("pos_label=" + posLabel + " is not a valid label; it should be one of "
                        + Arrays.toString(present));
            }
            labels = new int[] {posLabel};
        } else if (labels == null) {
            labels = present;
        }
        int L = labels.length;
        double[] tp = new double[L];
        double[] pred = new double[L];
        double[] truth = new double[L];
        int[] sortedLabels = labels.clone();
        Arrays.sort(sortedLabels);
        int[] pos = new int[L];
        for (int j = 0; j < L; j++) {
            pos[Arrays.binarySearch(sortedLabels, labels[j])] = j;
        }
        for (int i = 0; i < yTrue.length; i++) {
            int t = Arrays.binarySearch(sortedLabels, yTrue[i]);
            int p = Arrays.binarySearch(sortedLabels, yPred[i]);
            if (t >= 0) {
                truth[pos[t]]++;
            }
            if (p >= 0) {
                pred[pos[p]]++;
            }
            if (t >= 0 && yTrue[i] == yPred[i]) {
                tp[pos[t]]++;
            }
        }
        long[] support = new long[L];
        for (int j = 0; j < L; j++) {
            support[j] = (long) truth[j];
        }
        if (average == Average.MICRO) {
            tp = new double[] {sum(tp)};
            pred = new double[] {sum(pred)};
            truth = new double[] {sum(truth)};
        }
        int m = tp.length;
        double[] precision = new double[m];
        double[] recall = new double[m];
        double[] f = new double[m];
        double beta2 = beta * beta;
        for (int j = 0; j < m; j++) {
            precision[j] = pred[j] == 0 ? zeroDivision : tp[j] / pred[j];
            recall[j] = truth[j] == 0 ? zeroDivision : tp[j] / truth[j];
            if (Double.isInfinite(beta)) {
                f[j] = recall[j];
            } else {
                double denom = beta2 * precision[j] + recall[j];
                if (denom == 0) {
                    denom = 1;
                }
                f[j] = (1 + beta2) * precision[j] * recall[j] / denom;
            }
        }
        if (average == Average.NONE) {
            return new ClassScores(labels, precision, recall, f, support);
        }
        double[] weights = null;
        if (average == Average.WEIGHTED) {
            weights = truth;
            if (sum(truth) == 0) {
                if (sum(pred) == 0) {
                    return single(labels, zeroDivision, zeroDivision, zeroDivision);
                }
                return single(labels, 0.0, zeroDivision, 0.0);
            }
        }
        return single(labels, mean(precision, weights), mean(recall, weights), mean(f, weights));
    }

    private static ClassScores single(int[] labels, double p, double r, double f) {
        return new ClassScores(labels, new double[] {p}, new double[] {r}, new double[] {f}, null);
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static double mean(double[] a, double[] w) {
        double s = 0;
        double ws = 0;
        for (int i = 0; i < a.length; i++) {
            double wi = w == null ? 1 : w[i];
            s += wi * a[i];
            ws += wi;
        }
        return s / ws;
    }
}
