package io.cambium.nn.metrics;

import io.cambium.tensor.Tensor;

/**
 * Area under the ROC curve (or the precision-recall curve) computed from scores, as Keras's AUC:
 * confusion counts at {@code numThresholds} evenly spaced thresholds in [0, 1] (default 200), then
 * the trapezoidal rule. More thresholds approach the exact (rank-based) ROC AUC.
 */
public class AUC extends Metric {
    /** Which curve to integrate. */
    public enum Curve { ROC, PR }

    private final int numThresholds;
    private final Curve curve;
    private final ConfusionCounts counts;

    /** ROC AUC with 200 thresholds. */
    public AUC() {
        this(200, Curve.ROC);
    }

    /** A custom number of thresholds and curve. */
    public AUC(int numThresholds, Curve curve) {
        if (numThresholds < 2) {
            throw new IllegalArgumentException("AUC: numThresholds must be > 1, got " + numThresholds);
        }
        this.numThresholds = numThresholds;
        this.curve = curve;
        float eps = 1e-7f;
        float[] th = new float[numThresholds];
        th[0] = -eps;
        for (int i = 1; i < numThresholds - 1; i++) {
            th[i] = (float) i / (numThresholds - 1);
        }
        th[numThresholds - 1] = 1f + eps;
        this.counts = new ConfusionCounts(th);
    }

    @Override
    public String name() {
        return curve == Curve.ROC ? "auc" : "pr_auc";
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        counts.update(name(), yTrue, yPred, sampleWeight);
    }

    @Override
    public double result() {
        int n = numThresholds;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double recall = ConfusionCounts.divideNoNan(counts.tp[i], counts.tp[i] + counts.fn[i]);
            if (curve == Curve.ROC) {
                x[i] = ConfusionCounts.divideNoNan(counts.fp[i], counts.fp[i] + counts.tn[i]);
                y[i] = recall;
            } else {
                x[i] = recall;
                y[i] = ConfusionCounts.divideNoNan(counts.tp[i], counts.tp[i] + counts.fp[i]);
            }
        }
        double auc = 0;
        for (int i = 0; i < n - 1; i++) {
            auc += (x[i] - x[i + 1]) * (y[i] + y[i + 1]) / 2;
        }
        return auc;
    }

    @Override
    public void reset() {
        counts.reset();
    }

    @Override
    public Metric newInstance() {
        return new AUC(numThresholds, curve);
    }
}
