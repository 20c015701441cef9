package io.cambium.ml.metrics;

/**
 * Precision-recall pairs over score thresholds, as scikit-learn's
 * {@code precision_recall_curve}: {@code thresholds} increase, and the arrays of precision and
 * recall have one more entry, the final point (precision 1, recall 0).
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {

    /** Curve for positive label 1. */
    public static PrecisionRecallCurve of(int[] yTrue, double[] score) {
        return of(yTrue, score, 1, null);
    }

    /** Curve for {@code posLabel}; without positives, recall is 1 everywhere. */
    public static PrecisionRecallCurve of(int[] yTrue, double[] score, int posLabel) {
        return of(yTrue, score, posLabel, null);
    }

    /** Curve for {@code posLabel} with per-sample weights (null: all ones). */
    public static PrecisionRecallCurve of(int[] yTrue, double[] score, int posLabel, double[] sampleWeight) {
        BinaryCounts c = BinaryCounts.of(yTrue, score, posLabel, sampleWeight);
        int m = c.tps().length;
        double[] precision = new double[m + 1];
        double[] recall = new double[m + 1];
        double[] thresholds = new double[m];
        double tTot = c.tps()[m - 1];
        for (int i = 0; i < m; i++) {
            int src = m - 1 - i;
            double tp = c.tps()[src];
            double ps = tp + c.fps()[src];
            precision[i] = ps != 0 ? tp / ps : 0;
            recall[i] = tTot == 0 ? 1 : tp / tTot;
            thresholds[i] = c.thresholds()[src];
        }
        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /** Average precision: the step-function integral {@code sum_n (R_n - R_{n-1}) P_n}. */
    public double averagePrecision() {
        double s = 0;
        for (int i = 0; i + 1 < recall.length; i++) {
            s -= (recall[i + 1] - recall[i]) * precision[i];
        }
        return s;
    }
}
