package io.cambium.ml.metrics;

/**
 * Receiver operating characteristic from continuous scores, as scikit-learn's {@code roc_curve}:
 * thresholds decrease, the first point is (0, 0) at threshold {@code max score + 1}, and with
 * {@code dropIntermediate} collinear points are removed. A missing class gives NaN rates.
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {

    /** ROC curve for positive label 1, dropping intermediate points. */
    public static RocCurve of(int[] yTrue, double[] score) {
        return of(yTrue, score, 1, true, null);
    }

    /** ROC curve for positive label 1 with per-sample weights, dropping intermediate points. */
    public static RocCurve of(int[] yTrue, double[] score, double[] sampleWeight) {
        return of(yTrue, score, 1, true, sampleWeight);
    }

    /** ROC curve for {@code posLabel}. */
    public static RocCurve of(int[] yTrue, double[] score, int posLabel, boolean dropIntermediate) {
        return of(yTrue, score, posLabel, dropIntermediate, null);
    }

    /** ROC curve for {@code posLabel} with per-sample weights (null: all ones). */
    public static RocCurve of(int[] yTrue, double[] score, int posLabel, boolean dropIntermediate,
            double[] sampleWeight) {
        BinaryCounts c = BinaryCounts.of(yTrue, score, posLabel, sampleWeight);
        double[] fps = c.fps();
        double[] tps = c.tps();
        double[] thr = c.thresholds();
        if (dropIntermediate && fps.length > 2) {
            int m = fps.length;
            boolean[] keep = new boolean[m];
            keep[0] = true;
            keep[m - 1] = true;
            int kept = 2;
            for (int i = 1; i < m - 1; i++) {
                // np.diff(x, 2) != 0, with numpy's order of operations: the point bends the curve.
                boolean bend = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]) != 0
                        || (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]) != 0;
                if (bend) {
                    keep[i] = true;
                    kept++;
                }
            }
            double[] f2 = new double[kept];
            double[] t2 = new double[kept];
            double[] h2 = new double[kept];
            for (int i = 0, k = 0; i < m; i++) {
                if (keep[i]) {
                    f2[k] = fps[i];
                    t2[k] = tps[i];
                    h2[k] = thr[i];
                    k++;
                }
            }
            fps = f2;
            tps = t2;
            thr = h2;
        }
        int m = fps.length + 1;
        double[] fpr = new double[m];
        double[] tpr = new double[m];
        double[] thresholds = new double[m];
        thresholds[0] = thr[0] + 1;
        double fTot = fps[fps.length - 1];
        double tTot = tps[tps.length - 1];
        fpr[0] = fTot <= 0 ? Double.NaN : 0;
        tpr[0] = tTot <= 0 ? Double.NaN : 0;
        for (int i = 1; i < m; i++) {
            fpr[i] = fTot <= 0 ? Double.NaN : fps[i - 1] / fTot;
            tpr[i] = tTot <= 0 ? Double.NaN : tps[i - 1] / tTot;
            thresholds[i] = thr[i - 1];
        }
        return new RocCurve(fpr, tpr, thresholds);
    }

    /** Area under this curve by the trapezoidal rule. */
    public double auc() {
        return RankingMetrics.auc(fpr, tpr);
    }
}
