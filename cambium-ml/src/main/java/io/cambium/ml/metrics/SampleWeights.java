package io.cambium.ml.metrics;

/** Per-sample weights of the metrics: null means every sample counts 1. */
final class SampleWeights {
    private SampleWeights() {
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
