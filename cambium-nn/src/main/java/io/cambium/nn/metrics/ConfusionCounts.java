package io.cambium.nn.metrics;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * Weighted true/false positive/negative counts at one or more thresholds, over every element of
 * binary (0/1) targets and scores, as Keras's confusion-matrix metrics accumulate them.
 */
final class ConfusionCounts {
    final float[] thresholds;
    final double[] tp;
    final double[] fp;
    final double[] tn;
    final double[] fn;

    ConfusionCounts(float[] thresholds) {
        this.thresholds = thresholds;
        int n = thresholds.length;
        tp = new double[n];
        fp = new double[n];
        tn = new double[n];
        fn = new double[n];
    }

    void update(String metric, Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (yTrue.numel() != yPred.numel()) {
            throw new IllegalArgumentException(metric + ": targets of shape " + Shape.str(yTrue.shape())
                    + " do not match predictions of shape " + Shape.str(yPred.shape()));
        }
        float[] t = yTrue.data();
        float[] p = yPred.data();
        int batch = yPred.rank() == 0 ? 1 : yPred.dim(0);
        int per = batch == 0 ? 1 : Math.max(1, p.length / batch);
        float[] w = sampleWeight == null ? null : sampleWeight.data();
        for (int i = 0; i < p.length; i++) {
            double wi = w == null ? 1 : w[i / per];
            boolean pos = t[i] > 0.5f;
            for (int k = 0; k < thresholds.length; k++) {
                boolean predPos = p[i] > thresholds[k];
                if (predPos) {
                    if (pos) {
                        tp[k] += wi;
                    } else {
                        fp[k] += wi;
                    }
                } else if (pos) {
                    fn[k] += wi;
                } else {
                    tn[k] += wi;
                }
            }
        }
    }

    void reset() {
        java.util.Arrays.fill(tp, 0);
        java.util.Arrays.fill(fp, 0);
        java.util.Arrays.fill(tn, 0);
        java.util.Arrays.fill(fn, 0);
    }

    static double divideNoNan(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}
