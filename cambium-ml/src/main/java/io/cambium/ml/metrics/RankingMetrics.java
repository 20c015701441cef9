package io.cambium.ml.metrics;

import io.cambium.ml.Data;

/** Score-based metrics: ROC AUC (binary and one-vs-rest) and average precision. */
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

    /** Binary ROC AUC with positive label 1 (the greater label of {0, 1}). */
    public static double rocAuc(int[] yTrue, double[] score) {
        return rocAuc(yTrue, score, Data.unique(yTrue).length == 2 ? Data.unique(yTrue)[1] : 1);
    }

    /** Binary ROC AUC for {@code posLabel}; undefined (an error) when y_true has a single class. */
    public static double rocAuc(int[] yTrue, double[] score, int posLabel) {
        int[] classes = Data.unique(yTrue);
        if (classes.length != 2) {
            throw new IllegalArgumentException("Only one class present in y_true. ROC AUC score is not defined in "
                    + "that case (classes: " + java.util.Arrays.toString(classes) + ")");
        }
        return RocCurve.of(yTrue, score, posLabel, true).auc();
    }

    /**
     * Multi-class ROC AUC, one-vs-rest: the AUC of each class (columns of {@code proba} are the
     * sorted labels of y_true) averaged with {@link Average#MACRO} or {@link Average#WEIGHTED}
     * (by prevalence).
     */
    public static double rocAucOvr(int[] yTrue, double[][] proba, Average average) {
        if (average != Average.MACRO && average != Average.WEIGHTED) {
            throw new IllegalArgumentException("one-vs-rest ROC AUC supports MACRO or WEIGHTED averages, got " + average);
        }
        int[] labels = Data.unique(yTrue);
        if (proba.length != yTrue.length) {
            throw new IllegalArgumentException("roc_auc_score: y_true has " + yTrue.length + " samples but y_score has "
                    + proba.length);
        }
        for (int i = 0; i < proba.length; i++) {
            if (proba[i].length != labels.length) {
                throw new IllegalArgumentException("roc_auc_score: number of classes in y_true (" + labels.length
                        + ") not equal to the number of columns in y_score (" + proba[i].length + ")");
            }
            double s = 0;
            for (double v : proba[i]) {
                s += v;
            }
            if (Math.abs(s - 1) > 1e-6 * Math.max(1, labels.length)) {
                throw new IllegalArgumentException("roc_auc_score: target scores need to be probabilities for"
                        + " multiclass roc_auc; row " + i + " sums to " + s);
            }
        }
        if (labels.length == 2) {
            double[] p = new double[proba.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = proba[i][1];
            }
            return rocAuc(yTrue, p, labels[1]);
        }
        int[] enc = Data.encode(yTrue, labels);
        double s = 0;
        double ws = 0;
        for (int c = 0; c < labels.length; c++) {
            int[] bin = new int[yTrue.length];
            double[] sc = new double[yTrue.length];
            int count = 0;
            for (int i = 0; i < yTrue.length; i++) {
                bin[i] = enc[i] == c ? 1 : 0;
                count += bin[i];
                sc[i] = proba[i][c];
            }
            double w = average == Average.WEIGHTED ? count : 1;
            s += w * RocCurve.of(bin, sc, 1, true).auc();
            ws += w;
        }
        return s / ws;
    }

    /** Average precision for positive label 1. */
    public static double averagePrecision(int[] yTrue, double[] score) {
        return PrecisionRecallCurve.of(yTrue, score, 1).averagePrecision();
    }
}
