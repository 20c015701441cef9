package io.cambium.ml.metrics;

import io.cambium.ml.Data;
import java.util.Arrays;
import java.util.Comparator;

/**
 * False and true positive counts (with sample weights: weight sums) at each distinct score
 * threshold, in decreasing threshold order (scikit-learn's {@code _binary_clf_curve}); tied
 * scores share one threshold and samples of weight zero are dropped first.
 */
record BinaryCounts(double[] fps, double[] tps, double[] thresholds) {

    static BinaryCounts of(int[] yTrue, double[] score, int posLabel, double[] sampleWeight) {
        if (yTrue.length != score.length) {
            throw new IllegalArgumentException("y_true has " + yTrue.length + " samples but y_score has "
                    + score.length);
        }
        Data.checkWeights("y_score", sampleWeight, yTrue.length);
        int kept = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (Double.isNaN(score[i])) {
                throw new IllegalArgumentException("y_score contains NaN at index " + i);
            }
            if (SampleWeights.at(sampleWeight, i) != 0) {
                kept++;
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException(yTrue.length == 0 ? "y_true is empty"
                    : "every sample has weight zero");
        }
        Integer[] order = new Integer[kept];
        for (int i = 0, k = 0; i < yTrue.length; i++) {
            if (SampleWeights.at(sampleWeight, i) != 0) {
                order[k++] = i;
            }
        }
        // Descending scores; among equal scores the later sample first, as numpy's reversed mergesort.
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).thenComparingInt(i -> i).reversed());
        int n = kept;
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
        double fp = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            double w = SampleWeights.at(sampleWeight, order[i]);
            if (yTrue[order[i]] == posLabel) {
                tp += w;
            } else {
                fp += w;
            }
            if (i == n - 1 || score[order[i]] != score[order[i + 1]]) {
                tps[k] = tp;
                fps[k] = sampleWeight == null ? i + 1 - tp : fp;
                thr[k] = score[order[i]];
                k++;
            }
        }
        return new BinaryCounts(fps, tps, thr);
    }
}
