package io.cambium.ml.quality;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.neighbors.KdTree;
import io.cambium.ml.neighbors.Neighbors;
import io.cambium.ml.selection.CrossValidation;
import io.cambium.ml.selection.CrossValidator;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Detection of suspicious labels: k-NN disagreement (how many of a sample's nearest neighbours
 * carry another label) and out-of-fold self-confidence (the probability that a model which never
 * saw the sample gives its label), with confident learning's per-class thresholds
 * (Northcutt et al. 2021, as cleanlab's {@code find_label_issues(filter_by="confident_learning")}).
 */
public final class LabelNoise {
    private LabelNoise() {
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public static double[] knnDisagreement(double[][] X, double[] y, int k) {
        return knnDisagreement(X, Data.labels(y), k);
    }

    /** For each sample, the fraction of its k nearest other samples whose label differs. */
    public static double[] knnDisagreement(double[][] X, int[] y, int k) {
        Data.check("knnDisagreement", X, y.length);
        if (k < 1 || k >= X.length) {
            throw new IllegalArgumentException("knnDisagreement: k must be in [1, n - 1], got " + k);
        }
        Neighbors nb = new KdTree(X, 16).query(X, k + 1);
        double[] out = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            int differ = 0;
            int seen = 0;
            for (int j : nb.indices()[i]) {
                if (j == i || seen == k) {
                    continue;
                }
                seen++;
                if (y[j] != y[i]) {
                    differ++;
                }
            }
            out[i] = differ / (double) k;
        }
        return out;
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public static int[] knnSuspects(double[][] X, double[] y, int k, double threshold) {
        return knnSuspects(X, Data.labels(y), k, threshold);
    }

    /** Samples whose k-NN disagreement exceeds {@code threshold} (e.g. 0.5: most neighbours disagree). */
    public static int[] knnSuspects(double[][] X, int[] y, int k, double threshold) {
        double[] d = knnDisagreement(X, y, k);
        return Arrays.stream(order(d, true)).filter(i -> d[i] > threshold).toArray();
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public static double[] selfConfidence(double[][] oofProba, double[] y) {
        return selfConfidence(oofProba, Data.labels(y));
    }

    /** Out-of-fold probability of each sample's given label (cleanlab's self-confidence). */
    public static double[] selfConfidence(double[][] oofProba, int[] labels) {
        int[] y = labels;
        int[] classes = Data.unique(labels);
        int[] enc = Data.encode(labels, classes);
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = oofProba[i][enc[i]];
        }
        return out;
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public static double[][] outOfFoldProba(Supplier<? extends Classifier> model, double[][] X, double[] y,
            CrossValidator cv) {
        return outOfFoldProba(model, X, Data.labels(y), cv);
    }

    /** Out-of-fold class probabilities from cross-validation of a classifier. */
    public static double[][] outOfFoldProba(Supplier<? extends Classifier> model, double[][] X, int[] y,
            CrossValidator cv) {
        return CrossValidation.predictProba(model, X, y, cv);
    }

    /**
     * Label issues by confident learning: with t_j the mean out-of-fold probability of class j
     * over the samples labelled j, a sample is counted in the confident joint under the most
     * probable class k with p_k ≥ t_k; it is an issue when that class is not its given label.
     * Returned in order of increasing self-confidence.
     */
    public static int[] confidentLearningIssues(double[][] oofProba, int[] labels) {
        int[] y = labels;
        int[] classes = Data.unique(labels);
        int[] enc = Data.encode(labels, classes);
        int c = classes.length;
        double[] t = new double[c];
        int[] counts = new int[c];
        for (int i = 0; i < y.length; i++) {
            t[enc[i]] += oofProba[i][enc[i]];
            counts[enc[i]]++;
        }
        for (int j = 0; j < c; j++) {
            t[j] = counts[j] == 0 ? 1 : t[j] / counts[j];
        }
        boolean[] issue = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            // The confident joint assigns the sample to the most probable class among those above
            // their threshold; an off-diagonal assignment marks a label issue.
            int best = -1;
            for (int j = 0; j < c; j++) {
                if (oofProba[i][j] >= t[j] && (best < 0 || oofProba[i][j] > oofProba[i][best])) {
                    best = j;
                }
            }
            issue[i] = best >= 0 && best != enc[i];
        }
        double[] sc = selfConfidence(oofProba, y);
        return Arrays.stream(order(sc, false)).filter(i -> issue[i]).toArray();
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public static int[] confidentLearningIssues(double[][] oofProba, double[] y) {
        return confidentLearningIssues(oofProba, Data.labels(y));
    }

    /** A mask of length n flagging {@code indices}, for {@link Outliers#filter} to drop them. */
    public static boolean[] mask(int n, int[] indices) {
        boolean[] m = new boolean[n];
        for (int i : indices) {
            m[i] = true;
        }
        return m;
    }

    /** Indices sorted by value (descending or ascending), ties by index. */
    static int[] order(double[] v, boolean descending) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(v[a], v[b]);
            return c != 0 ? (descending ? -c : c) : Integer.compare(a, b);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
