package io.cambium.ml.metrics;

import io.cambium.ml.Data;

/**
 * Label-based classification metrics with scikit-learn's definitions: accuracy, balanced
 * accuracy, Matthews correlation, Cohen's kappa, top-k accuracy and log loss.
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

    private static void sameLength(String what, int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException(what + ": y_true has " + a + " samples but y_pred has " + b);
        }
        if (a == 0) {
            throw new IllegalArgumentException(what + ": no samples");
        }
    }

    /** Fraction of exact matches. */
    public static double accuracy(int[] yTrue, int[] yPred) {
        sameLength("accuracy", yTrue.length, yPred.length);
        int hit = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (yTrue[i] == yPred[i]) {
                hit++;
            }
        }
        return hit / (double) yTrue.length;
    }

    /**
     * Mean recall over the classes present in y_true (classes only predicted are skipped, as in
     * scikit-learn).
     */
    public static double balancedAccuracy(int[] yTrue, int[] yPred) {
        sameLength("balanced accuracy", yTrue.length, yPred.length);
        long[][] cm = ConfusionMatrix.of(yTrue, yPred);
        double s = 0;
        int n = 0;
        for (int i = 0; i < cm.length; i++) {
            long row = 0;
            for (long v : cm[i]) {
                row += v;
            }
            if (row > 0) {
                s += cm[i][i] / (double) row;
                n++;
            }
        }
        return s / n;
    }

    /** Matthews correlation coefficient (multi-class R_K form); 0 when undefined. */
    public static double matthews(int[] yTrue, int[] yPred) {
        sameLength("matthews_corrcoef", yTrue.length, yPred.length);
        long[][] c = ConfusionMatrix.of(yTrue, yPred);
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
        return cohenKappa(y1, y2, KappaWeights.NONE);
    }

    /** Cohen's kappa with unweighted, linear or quadratic disagreement weights. */
    public static double cohenKappa(int[] y1, int[] y2, KappaWeights weights) {
        sameLength("cohen_kappa_score", y1.length, y2.length);
        long[][] c = ConfusionMatrix.of(y1, y2);
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
        return topKAccuracy(yTrue, scores, k, Data.unique(yTrue));
    }

    /** {@link #topKAccuracy(int[], double[][], int)} with explicit labels for the score columns. */
    public static double topKAccuracy(int[] yTrue, double[][] scores, int k, int[] labels) {
        sameLength("top_k_accuracy_score", yTrue.length, scores.length);
        int[] enc = Data.encode(yTrue, labels);
        int hits = 0;
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
            if (better < k) {
                hits++;
            }
        }
        return hits / (double) yTrue.length;
    }

    /** Binary log loss from the probability of the greater label ({@code log_loss(y, p)} with 1-D p). */
    public static double logLoss(int[] yTrue, double[] probaPositive) {
        double[][] p = new double[probaPositive.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {1 - probaPositive[i], probaPositive[i]};
        }
        return logLoss(yTrue, p);
    }

    /**
     * Mean cross-entropy of probabilities whose columns are the sorted labels of y_true; rows are
     * clipped to [eps, 1-eps] and renormalized as scikit-learn does.
     */
    public static double logLoss(int[] yTrue, double[][] proba) {
        sameLength("log_loss", yTrue.length, proba.length);
        int[] labels = Data.unique(yTrue);
        if (labels.length == 1) {
            throw new IllegalArgumentException("log_loss: y_true contains only one label (" + labels[0]
                    + "); log loss needs at least two classes");
        }
        int[] enc = Data.encode(yTrue, labels);
        double eps = Math.ulp(1.0);
        double loss = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (proba[i].length != labels.length) {
                throw new IllegalArgumentException("log_loss: y_true has " + labels.length
                        + " classes but y_pred row " + i + " has " + proba[i].length + " columns");
            }
            double s = 0;
            for (double v : proba[i]) {
                s += clip(v, eps);
            }
            loss -= Math.log(clip(proba[i][enc[i]], eps) / s);
        }
        return loss / yTrue.length;
    }

    private static double clip(double v, double eps) {
        return Math.min(Math.max(v, eps), 1 - eps);
    }
}
