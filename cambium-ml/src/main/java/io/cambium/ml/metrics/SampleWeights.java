package io.cambium.ml.metrics;

import io.cambium.ml.Data;

/** Per-sample weights of the metrics: null means every sample counts 1. */
final class SampleWeights {
    private SampleWeights() {
    }

    /** The weights, checked against n samples, or n ones when {@code sampleWeight} is null. */
    static double[] of(String metric, double[] sampleWeight, int n) {
        if (sampleWeight == null) {
            double[] w = new double[n];
            java.util.Arrays.fill(w, 1);
            return w;
        }
        Data.checkWeights(metric, sampleWeight, n);
        return sampleWeight;
    }

    /** The weight of sample i (1 when there are no weights). */
    static double at(double[] sampleWeight, int i) {
        return sampleWeight == null ? 1 : sampleWeight[i];
    }

    /** The weighted mean of {@code v} (numpy.average); fails when the weights sum to zero. */
    static double average(String metric, double[] v, double[] sampleWeight) {
        double s = 0;
        double ws = 0;
        for (int i = 0; i < v.length; i++) {
            double w = at(sampleWeight, i);
            s += w * v[i];
            ws += w;
        }
        if (ws == 0) {
            throw new IllegalArgumentException(metric + ": the sample weights sum to zero");
        }
        return s / ws;
    }
}
