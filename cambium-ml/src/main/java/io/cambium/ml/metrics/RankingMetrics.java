package io.cambium.ml.metrics;

import io.cambium.ml.Data;
import java.util.Arrays;

/**
 * Score-based metrics: ROC AUC (binary, partial up to a false-positive rate, and one-vs-rest) and
 * average precision, with optional per-sample weights ({@code sampleWeight}, null: all ones).
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /** Area under a curve by the trapezoidal rule; x must be monotonic. */
    public static double auc(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("auc needs at least 2 points with x and y of equal length, got "
                    + x.length + " and " + y.length);
        }
        double s = 0;
        for (int i = 1; i < x.length; i++) {
            s += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        boolean decreasing = x[x.length - 1] < x[0];
        return decreasing ? -s : s;
    }

    /** Binary ROC AUC; the positive class is the greater of the two labels of y_true. */
    public static double rocAuc(int[] yTrue, double[] score) {
        return rocAuc(yTrue, score, null, 1.0);
    }

    /** Weighted binary ROC AUC; the positive class is the greater of the two labels of y_true. */
    public static double rocAuc(int[] yTrue, double[] score, double[] sampleWeight) {
        return rocAuc(yTrue, score, sampleWeight, 1.0);
    }

    /**
     * Weighted binary ROC AUC; with {@code maxFpr} below 1, the standardized partial AUC over
     * false-positive rates up to {@code maxFpr} (McClish correction, as scikit-learn's
     * {@code max_fpr}): 0.5 for a random ranking, 1 for a perfect one.
     */
    public static double rocAuc(int[] yTrue, double[] score, double[] sampleWeight, double maxFpr) {
        int[] classes = Data.unique(yTrue);
        if (classes.length != 2) {
            throw new IllegalArgumentException("Only one class present in y_true. ROC AUC score is not defined in "
                    + "that case (classes: " + Arrays.toString(classes) + ")");
        }
        return binaryAuc(yTrue, score, classes[1], sampleWeight, maxFpr);
    }

    /** Binary ROC AUC for {@code posLabel}; undefined (an error) when y_true has a single class. */
    public static double rocAuc(int[] yTrue, double[] score, int posLabel) {
        int[] classes = Data.unique(yTrue);
        if (classes.length != 2) {
            throw new IllegalArgumentException("Only one class present in y_true. ROC AUC score is not defined in "
                    + "that case (classes: " + Arrays.toString(classes) + ")");
        }
        return binaryAuc(yTrue, score, posLabel, null, 1.0);
    }

    private static double binaryAuc(int[] yTrue, double[] score, int posLabel, double[] sampleWeight, double maxFpr) {
        if (!(maxFpr > 0 && maxFpr <= 1)) {
            throw new IllegalArgumentException("Expected max_fpr in range (0, 1], got: " + maxFpr);
        }
        RocCurve roc = RocCurve.of(yTrue, score, posLabel, true, sampleWeight);
        if (maxFpr == 1) {
            return roc.auc();
        }
        double[] fpr = roc.fpr();
        double[] tpr = roc.tpr();
        // np.searchsorted(fpr, max_fpr, "right"): the first index with fpr > maxFpr.
        int stop = 0;
        while (stop < fpr.length && fpr[stop] <= maxFpr) {
            stop++;
        }
        double x0 = fpr[stop - 1];
        double x1 = fpr[stop];
        double y0 = tpr[stop - 1];
        double y1 = tpr[stop];
        double yi = x1 == x0 ? y1 : y0 + (y1 - y0) * (maxFpr - x0) / (x1 - x0);
        double[] f = Arrays.copyOf(fpr, stop + 1);
        double[] t = Arrays.copyOf(tpr, stop + 1);
        f[stop] = maxFpr;
        t[stop] = yi;
        double partial = auc(f, t);
        double minArea = 0.5 * maxFpr * maxFpr;
        return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
    }

    /**
     * Multi-class ROC AUC, one-vs-rest: the AUC of each class (columns of {@code proba} are the
     * sorted labels of y_true) averaged with {@link Average#MACRO} or {@link Average#WEIGHTED}
     * (by prevalence).
     */
    public static double rocAucOvr(int[] yTrue, double[][] proba, Average average) {
        return rocAucOvr(yTrue, proba, average, null);
    }

    /** One-vs-rest ROC AUC with per-sample weights; WEIGHTED averages by weighted prevalence. */
    public static double rocAucOvr(int[] yTrue, double[][] proba, Average average, double[] sampleWeight) {
        if (average != Average.MACRO && average != Average.WEIGHTED) {
            throw new IllegalArgumentException("one-vs-rest ROC AUC supports MACRO or WEIGHTED averages, got " + average);
        }
        int[] labels = Data.unique(yTrue);
        if (proba.length != yTrue.length) {
            throw new IllegalArgumentException("roc_auc_score: y_true has " + yTrue.length + " samples but y_score has "
                    + proba.length);
        }
        Data.checkWeights("roc_auc_score", sampleWeight, yTrue.length);
        for (int i = 0; i < proba.length; i++) {
            if (proba[i].length != labels.length) {
                throw new IllegalArgumentException("roc_auc_score: number of classes in y_true (" + labels.length
                        + ") not equal to the number of columns in y_score (" + proba[i].length + ")");
            }
            double s = 0;
            for (double v : proba[i]) {
                s += v;
            }
            if (Math.abs(s - 1) > 1e-8 + 1e-5 * Math.abs(s)) {
                throw new IllegalArgumentException("roc_auc_score: target scores need to be probabilities for"
                        + " multiclass roc_auc; row " + i + " sums to " + s);
            }
        }
        if (labels.length == 2) {
            double[] p = new double[proba.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = proba[i][1];
            }
            return binaryAuc(yTrue, p, labels[1], sampleWeight, 1.0);
        }
        int[] enc = Data.encode(yTrue, labels);
        double s = 0;
        double ws = 0;
        for (int c = 0; c < labels.length; c++) {
            int[] bin = new int[yTrue.length];
            double[] sc = new double[yTrue.length];
            double prevalence = 0;
            for (int i = 0; i < yTrue.length; i++) {
                bin[i] = enc[i] == c ? 1 : 0;
                prevalence += bin[i] * SampleWeights.at(sampleWeight, i);
                sc[i] = proba[i][c];
            }
            double w = average == Average.WEIGHTED ? prevalence : 1;
            s += w * RocCurve.of(bin, sc, 1, true, sampleWeight).auc();
            ws += w;
        }
        return s / ws;
    }

    /** Average precision for positive label 1. */
    public static double averagePrecision(int[] yTrue, double[] score) {
        return averagePrecision(yTrue, score, 1, null);
    }

    /** Weighted average precision for positive label 1. */
    public static double averagePrecision(int[] yTrue, double[] score, double[] sampleWeight) {
        return averagePrecision(yTrue, score, 1, sampleWeight);
    }

    /** Weighted average precision for {@code posLabel}, which must be a label of y_true when it has two. */
    public static double averagePrecision(int[] yTrue, double[] score, int posLabel, double[] sampleWeight) {
        int[] present = Data.unique(yTrue);
        if (present.length > 2) {
            throw new IllegalArgumentException("average_precision: y_true has " + present.length + " classes "
                    + Arrays.toString(present) + "; give a binary y_true");
        }
        if (present.length == 2 && Arrays.binarySearch(present, posLabel) < 0) {
            throw new IllegalArgumentException("pos_label=" + posLabel + " is not a valid label. It should be one of "
                    + Arrays.toString(present));
        }
        return PrecisionRecallCurve.of(yTrue, score, posLabel, sampleWeight).averagePrecision();
    }
}
