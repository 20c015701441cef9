package io.cambium.ml.metrics;

import io.cambium.ml.Data;
import java.util.Arrays;

/**
 * Precision, recall and F-beta scores with scikit-learn's semantics
 * ({@code precision_recall_fscore_support}): labels are the sorted union of true and predicted
 * labels, and a ratio whose denominator is zero takes the value {@code zeroDivision} (0 or 1;
 * scikit-learn's default "warn" behaves as 0).
 *
 * <p>Configured as a metric object with scikit-learn's options and defaults (average BINARY,
 * positive label 1, beta 1, every label, zero division 0), then applied to data with optional
 * sample weights:
 * <pre>{@code
 * double macroF1 = new PrecisionRecall().average(Average.MACRO).f1(yTrue, yPred);
 * double[] perClass = new PrecisionRecall().average(Average.NONE).scores(yTrue, yPred).precision();
 * }</pre>
 * The static shortcuts below cover the common averaged forms.
 */
public final class PrecisionRecall {
    private Average average = Average.BINARY;
    private int posLabel = 1;
    private double beta = 1.0;
    private int[] labels;
    private double zeroDivision = 0.0;

    /** scikit-learn's defaults: average BINARY, posLabel 1, beta 1, all labels, zeroDivision 0. */
    public PrecisionRecall() {
    }

    /** How per-class scores are combined; {@link Average#NONE} keeps one score per class. */
    public PrecisionRecall average(Average value) {
        this.average = java.util.Objects.requireNonNull(value, "average");
        return this;
    }

    /** The positive class of {@link Average#BINARY} (default 1). */
    public PrecisionRecall posLabel(int value) {
        this.posLabel = value;
        return this;
    }

    /** The weight of recall in the F-score (default 1; {@code Double.POSITIVE_INFINITY}: recall). */
    public PrecisionRecall beta(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("beta should be >= 0 in the F-beta score, got " + value);
        }
        this.beta = value;
        return this;
    }

    /** The labels to score and their order (default: the sorted union of y_true and y_pred). */
    public PrecisionRecall labels(int... value) {
        this.labels = value == null ? null : value.clone();
        return this;
    }

    /** The value of a ratio with a zero denominator: 0 (default) or 1. */
    public PrecisionRecall zeroDivision(double value) {
        if (value != 0.0 && value != 1.0) {
            throw new IllegalArgumentException("zeroDivision must be 0 or 1, got " + value);
        }
        this.zeroDivision = value;
        return this;
    }

    /** Per-class scores with support (average NONE) or a single averaged entry (support null). */
    public ClassScores scores(int[] yTrue, int[] yPred) {
        return scores(yTrue, yPred, (double[]) null);
    }

    /** {@link #scores(int[], int[])} with per-sample weights (null: all ones). */
    public ClassScores scores(int[] yTrue, int[] yPred, double[] sampleWeight) {
        return compute(yTrue, yPred, beta, average, posLabel, labels, zeroDivision, sampleWeight);
    }

    /** The averaged precision; for one value per class use {@code average(NONE)} and {@link #scores}. */
    public double precision(int[] yTrue, int[] yPred) {
        return precision(yTrue, yPred, (double[]) null);
    }

    /** The averaged weighted precision. */
    public double precision(int[] yTrue, int[] yPred, double[] sampleWeight) {
        return averaged("precision", yTrue, yPred, sampleWeight).precision()[0];
    }

    /** The averaged recall. */
    public double recall(int[] yTrue, int[] yPred) {
        return recall(yTrue, yPred, (double[]) null);
    }

    /** The averaged weighted recall. */
    public double recall(int[] yTrue, int[] yPred, double[] sampleWeight) {
        return averaged("recall", yTrue, yPred, sampleWeight).recall()[0];
    }

    /** The averaged F1 score (beta 1 whatever {@link #beta(double)} says). */
    public double f1(int[] yTrue, int[] yPred) {
        return f1(yTrue, yPred, (double[]) null);
    }

    /** The averaged weighted F1 score. */
    public double f1(int[] yTrue, int[] yPred, double[] sampleWeight) {
        check("f1", average);
        return compute(yTrue, yPred, 1.0, average, posLabel, labels, zeroDivision, sampleWeight).fScore()[0];
    }

    /** The averaged F-beta score with the configured beta. */
    public double fBeta(int[] yTrue, int[] yPred) {
        return fBeta(yTrue, yPred, (double[]) null);
    }

    /** The averaged weighted F-beta score with the configured beta. */
    public double fBeta(int[] yTrue, int[] yPred, double[] sampleWeight) {
        return averaged("fbeta", yTrue, yPred, sampleWeight).fScore()[0];
    }

    private ClassScores averaged(String what, int[] yTrue, int[] yPred, double[] sampleWeight) {
        check(what, average);
        return scores(yTrue, yPred, sampleWeight);
    }

    private static void check(String what, Average average) {
        if (average == Average.NONE) {
            throw new IllegalArgumentException(what + " with average NONE has one value per class: use "
                    + "new PrecisionRecall().average(Average.NONE).scores(yTrue, yPred) (or perClass) for all classes");
        }
    }

    /** Precision with the given average; binary uses positive label 1. Average NONE is rejected. */
    public static double precision(int[] yTrue, int[] yPred, Average average, double zeroDivision) {
        return new PrecisionRecall().average(average).zeroDivision(zeroDivision).precision(yTrue, yPred);
    }

    /** Recall with the given average; binary uses positive label 1. Average NONE is rejected. */
    public static double recall(int[] yTrue, int[] yPred, Average average, double zeroDivision) {
        return new PrecisionRecall().average(average).zeroDivision(zeroDivision).recall(yTrue, yPred);
    }

    /** F1 with the given average; binary uses positive label 1. Average NONE is rejected. */
    public static double f1(int[] yTrue, int[] yPred, Average average, double zeroDivision) {
        return new PrecisionRecall().average(average).zeroDivision(zeroDivision).f1(yTrue, yPred);
    }

    /** F-beta with the given average; binary uses positive label 1. Average NONE is rejected. */
    public static double fBeta(int[] yTrue, int[] yPred, double beta, Average average, double zeroDivision) {
        return new PrecisionRecall().beta(beta).average(average).zeroDivision(zeroDivision).fBeta(yTrue, yPred);
    }

    /** Per-class precision, recall, F1 and support over the sorted union of labels. */
    public static ClassScores perClass(int[] yTrue, int[] yPred, double zeroDivision) {
        return new PrecisionRecall().average(Average.NONE).zeroDivision(zeroDivision).scores(yTrue, yPred);
    }

    /**
     * The general form with positional options.
     *
     * @deprecated use the fluent form, e.g.
     *     {@code new PrecisionRecall().beta(2).average(Average.NONE).labels(0, 1).scores(yTrue, yPred)}
     */
    @Deprecated
    public static ClassScores scores(int[] yTrue, int[] yPred, double beta, Average average, int posLabel,
            int[] labels, double zeroDivision) {
        PrecisionRecall pr = new PrecisionRecall().beta(beta).average(average).posLabel(posLabel)
                .zeroDivision(zeroDivision);
        pr.labels = labels == null ? null : labels.clone();
        return pr.scores(yTrue, yPred);
    }

    static ClassScores compute(int[] yTrue, int[] yPred, double beta, Average average, int posLabel,
            int[] labels, double zeroDivision, double[] sampleWeight) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException("precision/recall: y_true has " + yTrue.length
                    + " samples but y_pred has " + yPred.length);
        }
        Data.checkWeights("precision/recall", sampleWeight, yTrue.length);
        int[] present = Data.unique(yTrue, yPred);
        if (average == Average.BINARY) {
            if (present.length > 2) {
                throw new IllegalArgumentException("Target is multiclass but average=BINARY; choose MICRO, MACRO,"
                        + " WEIGHTED or NONE");
            }
            if (Arrays.binarySearch(present, posLabel) < 0 && present.length >= 2) {
                throw new IllegalArgumentException("pos_label=" + posLabel + " is not a valid label; it should be one of "
                        + Arrays.toString(present));
            }
            labels = new int[] {posLabel};
        } else if (labels == null) {
            labels = present;
        }
        int L = labels.length;
        double[] tp = new double[L];
        double[] pred = new double[L];
        double[] truth = new double[L];
        int[] sortedLabels = labels.clone();
        Arrays.sort(sortedLabels);
        int[] pos = new int[L];
        for (int j = 0; j < L; j++) {
            pos[Arrays.binarySearch(sortedLabels, labels[j])] = j;
        }
        for (int i = 0; i < yTrue.length; i++) {
            double w = SampleWeights.at(sampleWeight, i);
            int t = Arrays.binarySearch(sortedLabels, yTrue[i]);
            int p = Arrays.binarySearch(sortedLabels, yPred[i]);
            if (t >= 0) {
                truth[pos[t]] += w;
            }
            if (p >= 0) {
                pred[pos[p]] += w;
            }
            if (t >= 0 && yTrue[i] == yPred[i]) {
                tp[pos[t]] += w;
            }
        }
        double[] support = truth.clone();
        if (average == Average.MICRO) {
            tp = new double[] {sum(tp)};
            pred = new double[] {sum(pred)};
            truth = new double[] {sum(truth)};
        }
        int m = tp.length;
        double[] precision = new double[m];
        double[] recall = new double[m];
        double[] f = new double[m];
        double beta2 = beta * beta;
        for (int j = 0; j < m; j++) {
            precision[j] = pred[j] == 0 ? zeroDivision : tp[j] / pred[j];
            recall[j] = truth[j] == 0 ? zeroDivision : tp[j] / truth[j];
            if (Double.isInfinite(beta)) {
                f[j] = recall[j];
            } else {
                double denom = beta2 * precision[j] + recall[j];
                if (denom == 0) {
                    denom = 1;
                }
                f[j] = (1 + beta2) * precision[j] * recall[j] / denom;
            }
        }
        if (average == Average.NONE) {
            return new ClassScores(labels, precision, recall, f, support);
        }
        double[] weights = null;
        if (average == Average.WEIGHTED) {
            weights = truth;
            if (sum(truth) == 0) {
                if (sum(pred) == 0) {
                    return single(labels, zeroDivision, zeroDivision, zeroDivision);
                }
                return single(labels, 0.0, zeroDivision, 0.0);
            }
        }
        return single(labels, mean(precision, weights), mean(recall, weights), mean(f, weights));
    }

    private static ClassScores single(int[] labels, double p, double r, double f) {
        return new ClassScores(labels, new double[] {p}, new double[] {r}, new double[] {f}, null);
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static double mean(double[] a, double[] w) {
        double s = 0;
        double ws = 0;
        for (int i = 0; i < a.length; i++) {
            double wi = w == null ? 1 : w[i];
            s += wi * a[i];
            ws += wi;
        }
        return s / ws;
    }
}
