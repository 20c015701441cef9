package io.cambium.ml.metrics;

import io.cambium.ml.Data;

/**
 * Label-based classification metrics with scikit-learn's definitions: accuracy, balanced
 * accuracy, Matthews correlation, Cohen's kappa, top-k accuracy and log loss. Every metric takes
 * optional per-sample weights ({@code sampleWeight}, null: every sample counts 1).
 */
public final class ClassificationMetrics {
    /** Disagreement weights for {@link #cohenKappa(int[], int[], KappaWeights)}. */
    public enum KappaWeights {
        /** Every disagreement counts 1. */
        NONE,
        /** |i - j|. */
        LINEAR,
        /** (i - j)². */
        QUADRATIC
    }

    private ClassificationMetrics() {
    }

    private static void sameLength(String what, int a, int b, double[] sampleWeight) {
        if (a != b) {
            throw new IllegalArgumentException(what + ": y_true has " + a + " samples but y_pred has " + b);
        }
        if (a == 0) {
            throw new IllegalArgumentException(what + ": no samples");
        }
        Data.checkWeights(what, sampleWeight, a);
    }

    /** Fraction of exact matches. */
    public static double accuracy(int[] yTrue, int[] yPred) {
        return accuracy(yTrue, yPred, null);
    }

    /** Weighted fraction of exact matches. */
    public static double accuracy(int[] yTrue, int[] yPred, double[] sampleWeight) {
        sameLength("accuracy", yTrue.length, yPred.length, sampleWeight);
        double[] hit = new double[yTrue.length];
        for (int i = 0; i < yTrue.length; i++) {
            hit[i] = yTrue[i] == yPred[i] ? 1 : 0;
        }
        return SampleWeights.average("accuracy", hit, sampleWeight);
    }

    /**
     * Mean recall over the classes present in y_true (classes only predicted are skipped, as in
     * scikit-learn).
     */
    public static double balancedAccuracy(int[] yTrue, int[] yPred) {
        return balancedAccuracy(yTrue, yPred, null, false);
    }

    /**
     * Balanced accuracy; {@code adjusted} rescales it so that chance scores 0 and perfect
     * prediction 1: {@code (score - 1/k) / (1 - 1/k)} over the k classes present in y_true.
     */
    public static double balancedAccuracy(int[] yTrue, int[] yPred, boolean adjusted) {
        return balancedAccuracy(yTrue, yPred, null, adjusted);
    }

    /** Balanced accuracy from the weighted confusion matrix, optionally {@code adjusted} for chance. */
    public static double balancedAccuracy(int[] yTrue, int[] yPred, double[] sampleWeight, boolean adjusted) {
        sameLength("balanced accuracy", yTrue.length, yPred.length, sampleWeight);
        double[][] cm = ConfusionMatrix.weighted(yTrue, yPred, null, sampleWeight);
        double s = 0;
        int n = 0;
        for (int i = 0; i < cm.length; i++) {
            double row = 0;
            for (double v : cm[i]) {
                row += v;
            }
            if (row > 0) {
                s += cm[i][i] / row;
                n++;
            }
        }
        double score = s / n;
        if (adjusted) {
            double chance = 1.0 / n;
            score = (score - chance) / (1 - chance);
        }
        return score;
    }

    /** Matthews correlation coefficient (multi-class R_K form); 0 when undefined. */
    public static double matthews(int[] yTrue, int[] yPred) {
        return matthews(yTrue, yPred, null);
    }

    /** Matthews correlation coefficient from the weighted confusion matrix. */
    public static double matthews(int[] yTrue, int[] yPred, double[] sampleWeight) {
        sameLength("matthews_corrcoef", yTrue.length, yPred.length, sampleWeight);
        double[][] c = ConfusionMatrix.weighted(yTrue, yPred, null, sampleWeight);
        int L = c.length;
        double[] t = new double[L];
        double[] p = new double[L];
        double correct = 0;
        double n = 0;
        for (int i = 0; i < L; i++) {
            for (int j = 0; j < L; j++) {
                t[i] += c[i][j];
                p[j] += c[i][j];
                n += c[i][j];
            }
            correct += c[i][i];
        }
        double tp = 0;
        double pp = 0;
        double tt = 0;
        for (int i = 0; i < L; i++) {
            tp += t[i] * p[i];
            pp += p[i] * p[i];
            tt += t[i] * t[i];
        }
        double covYtYp = correct * n - tp;
        double covYpYp = n * n - pp;
        double covYtYt = n * n - tt;
        if (covYpYp * covYtYt == 0) {
            return 0.0;
        }
        return covYtYp / Math.sqrt(covYtYt * covYpYp);
    }

    /** Cohen's kappa between two labelings. */
    public static double cohenKappa(int[] y1, int[] y2) {
        return cohenKappa(y1, y2, null, KappaWeights.NONE, null);
    }

    /** Cohen's kappa with unweighted, linear or quadratic disagreement weights. */
    public static double cohenKappa(int[] y1, int[] y2, KappaWeights weights) {
        return cohenKappa(y1, y2, null, weights, null);
    }

    /**
     * Cohen's kappa over {@code labels} (null: the sorted union of both labelings) with
     * disagreement {@code weights} and per-sample weights.
     */
    public static double cohenKappa(int[] y1, int[] y2, int[] labels, KappaWeights weights, double[] sampleWeight) {
        sameLength("cohen_kappa_score", y1.length, y2.length, sampleWeight);
        double[][] c = ConfusionMatrix.weighted(y1, y2, labels, sampleWeight);
        int L = c.length;
        double[] sum0 = new double[L];
        double[] sum1 = new double[L];
        double total = 0;
        for (int i = 0; i < L; i++) {
            for (int j = 0; j < L; j++) {
                sum0[j] += c[i][j];
                sum1[i] += c[i][j];
                total += c[i][j];
            }
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < L; i++) {
            for (int j = 0; j < L; j++) {
                double w = switch (weights) {
                    case NONE -> i == j ? 0 : 1;
                    case LINEAR -> Math.abs(i - j);
                    case QUADRATIC -> (double) (i - j) * (i - j);
                };
                // expected[i][j] = outer(sum0, sum1)[i][j] / total, as scikit-learn builds it.
                num += w * c[i][j];
                den += w * sum0[i] * sum1[j] / total;
            }
        }
        return 1 - num / den;
    }

    /**
     * Fraction of samples whose true label is among the {@code k} highest scores; columns of
     * {@code scores} are the sorted labels of y_true. Among equal scores the higher column ranks
     * first, as scikit-learn's reversed stable argsort.
     */
    public static double topKAccuracy(int[] yTrue, double[][] scores, int k) {
        return topKAccuracy(yTrue, scores, k, Data.unique(yTrue), null);
    }

    /** {@link #topKAccuracy(int[], double[][], int)} with explicit labels for the score columns. */
    public static double topKAccuracy(int[] yTrue, double[][] scores, int k, int[] labels) {
        return topKAccuracy(yTrue, scores, k, labels, null);
    }

    /**
     * Weighted top-k accuracy; {@code labels} (null: the sorted labels of y_true) name the score
     * columns.
     */
    public static double topKAccuracy(int[] yTrue, double[][] scores, int k, int[] labels, double[] sampleWeight) {
        sameLength("top_k_accuracy_score", yTrue.length, scores.length, sampleWeight);
        if (labels == null) {
            labels = Data.unique(yTrue);
        }
        int[] enc = Data.encode(yTrue, labels);
        double[] hit = new double[yTrue.length];
        for (int i = 0; i < yTrue.length; i++) {
            if (scores[i].length != labels.length) {
                throw new IllegalArgumentException("top_k_accuracy_score: y_score row " + i + " has "
                        + scores[i].length + " columns but there are " + labels.length + " classes");
            }
            double own = scores[i][enc[i]];
            // Rank of the true column in descending order with ties broken towards higher columns.
            int better = 0;
            for (int j = 0; j < labels.length; j++) {
                if (scores[i][j] > own || (scores[i][j] == own && j > enc[i])) {
                    better++;
                }
            }
            hit[i] = better < k ? 1 : 0;
        }
        return SampleWeights.average("top_k_accuracy_score", hit, sampleWeight);
    }

    /** Binary log loss from the probability of the greater label ({@code log_loss(y, p)} with 1-D p). */
    public static double logLoss(int[] yTrue, double[] probaPositive) {
        return logLoss(yTrue, probaPositive, null);
    }

    /** Weighted binary log loss from the probability of the greater label. */
    public static double logLoss(int[] yTrue, double[] probaPositive, double[] sampleWeight) {
        double[][] p = new double[probaPositive.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {1 - probaPositive[i], probaPositive[i]};
        }
        return logLoss(yTrue, p, null, sampleWeight);
    }

    /**
     * Mean cross-entropy of probabilities whose columns are the sorted labels of y_true; rows are
     * clipped to [eps, 1-eps] and renormalized as scikit-learn does.
     */
    public static double logLoss(int[] yTrue, double[][] proba) {
        return logLoss(yTrue, proba, null, null);
    }

    /** Weighted mean cross-entropy; columns of {@code proba} are the sorted labels of y_true. */
    public static double logLoss(int[] yTrue, double[][] proba, double[] sampleWeight) {
        return logLoss(yTrue, proba, null, sampleWeight);
    }

    /**
     * Weighted mean cross-entropy with the classes of the columns given by {@code labels} (null:
     * the sorted labels of y_true), for when y_true lacks some classes.
     */
    public static double logLoss(int[] yTrue, double[][] proba, int[] labels, double[] sampleWeight) {
        sameLength("log_loss", yTrue.length, proba.length, sampleWeight);
        if (labels == null) {
            labels = Data.unique(yTrue);
        } else {
            labels = Data.unique(labels);
        }
        if (labels.length == 1) {
            throw new IllegalArgumentException("log_loss: y_true contains only one label (" + labels[0]
                    + "); log loss needs at least two classes (give labels)");
        }
        int[] enc = Data.encode(yTrue, labels);
        double eps = Math.ulp(1.0);
        double[] loss = new double[yTrue.length];
        for (int i = 0; i < yTrue.length; i++) {
            if (proba[i].length != labels.length) {
                throw new IllegalArgumentException("log_loss: there are " + labels.length
                        + " classes but y_pred row " + i + " has " + proba[i].length + " columns");
            }
            double s = 0;
            for (double v : proba[i]) {
                s += clip(v, eps);
            }
            loss[i] = -Math.log(clip(proba[i][enc[i]], eps) / s);
        }
        return SampleWeights.average("log_loss", loss, sampleWeight);
    }

    private static double clip(double v, double eps) {
        return Math.min(Math.max(v, eps), 1 - eps);
    }
}
