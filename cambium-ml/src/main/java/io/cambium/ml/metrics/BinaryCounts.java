package io.cambium.ml.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * False and true positive counts at each distinct score threshold, in decreasing threshold order
 * (scikit-learn's {@code _binary_clf_curve}); tied scores share one threshold.
 */
record BinaryCounts(double[] fps, double[] tps, double[] thresholds) {

    static BinaryCounts of(int[] yTrue, double[] score, int posLabel) {
        if (yTrue.length != score.length) {
            throw new IllegalArgumentException("y_true has " + yTrue.length + " samples but y_score has "
                    + score.length);
        }
        int n = yTrue.length;
        if (n == 0) {
            throw new IllegalArgumentException("y_true is empty");
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(score[i])) {
                throw new IllegalArgumentException("y_score contains NaN at index " + i);
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == n - 1 || score[order[i]] != score[order[i + 1]]) {
                distinct++;
            }
        }
        double[] fps = new double[distinct];
        double[] tps = new double[distinct];
        double[] thr = new double[distinct];
        double tp = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (yTrue[order[i]] == posLabel) {
                tp++;
            }
            if (i == n - 1 || score[order[i]] != score[order[i + 1]]) {
                tps[k] = tp;
                fps[k] = i + 1 - tp;
                thr[k] = score[order[i]];
                k++;
            }
        }
        return new BinaryCounts(fps, tps, thr);
    }
}
