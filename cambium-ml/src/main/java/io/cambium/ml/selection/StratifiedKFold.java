package io.cambium.ml.selection;

import io.cambium.ml.Data;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Folds that keep the class proportions, with scikit-learn's {@code StratifiedKFold} assignment:
 * classes are numbered by order of first appearance, per-fold class counts come from a
 * round-robin over the sorted labels, and each class's samples go to folds in consecutive blocks
 * (shuffled within the class when {@code shuffle} is set).
 */
public final class StratifiedKFold implements CrossValidator {
    private int k = 5;
    private boolean shuffle;
    private Long seed;

    /** scikit-learn's defaults: 5 folds, no shuffling. */
    public StratifiedKFold() {
    }

    /** {@code k} stratified folds. */
    public StratifiedKFold(int k) {
        nSplits(k);
    }

    /**
     * @deprecated use {@code new StratifiedKFold(k).shuffle(true).randomState(seed)}
     */
    @Deprecated
    public StratifiedKFold(int k, boolean shuffle, long seed) {
        nSplits(k).shuffle(shuffle).randomState(seed);
    }

    /** Number of folds, at least 2 (default 5). */
    public StratifiedKFold nSplits(int value) {
        if (value < 2) {
            throw new IllegalArgumentException("StratifiedKFold: n_splits must be at least 2, got " + value);
        }
        this.k = value;
        return this;
    }

    /** Whether to shuffle each class's samples before assigning them to folds (default false). */
    public StratifiedKFold shuffle(boolean value) {
        this.shuffle = value;
        return this;
    }

    /** Seed of the shuffling (default: drawn from {@code Cambium.rng()} at each split). */
    public StratifiedKFold randomState(long value) {
        this.seed = value;
        return this;
    }

    @Override
    public int nSplits() {
        return k;
    }

    /** Folds of integral labels carried as doubles. */
    @Override
    public List<Fold> split(double[] y) {
        return split(Data.labels(y));
    }

    @Override
    public List<Fold> split(int[] y) {
        int[] testFold = testFolds(y);
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            boolean[] isTest = new boolean[y.length];
            for (int i = 0; i < y.length; i++) {
                isTest[i] = testFold[i] == f;
            }
            folds.add(Splits.fold(isTest));
        }
        return folds;
    }

    /** The test fold of each sample. */
    public int[] testFolds(int[] y) {
        int n = y.length;
        // Encode classes by order of first appearance.
        int[] sorted = Data.unique(y);
        int[] firstSeen = new int[sorted.length];
        Arrays.fill(firstSeen, -1);
        int[] sortedIdx = Data.encode(y, sorted);
        int order = 0;
        int[] rank = new int[sorted.length];
        for (int i = 0; i < n; i++) {
            if (firstSeen[sortedIdx[i]] < 0) {
                firstSeen[sortedIdx[i]] = i;
                rank[sortedIdx[i]] = order++;
            }
        }
        int classes = sorted.length;
        int[] enc = new int[n];
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            enc[i] = rank[sortedIdx[i]];
            counts[enc[i]]++;
        }
        int minCount = Integer.MAX_VALUE;
        int maxCount = 0;
        for (int c : counts) {
            minCount = Math.min(minCount, c);
            maxCount = Math.max(maxCount, c);
        }
        if (k > maxCount) {
            throw new IllegalArgumentException("StratifiedKFold: n_splits=" + k + " cannot be greater than the "
                    + "number of members in each class (largest class has " + maxCount + ")");
        }
        // allocation[f][c]: class-c samples in test fold f = bincount(sorted_y[f::k]).
        int[] ySorted = enc.clone();
        Arrays.sort(ySorted);
        int[][] allocation = new int[k][classes];
        for (int i = 0; i < n; i++) {
            allocation[i % k][ySorted[i]]++;
        }
        Rng rng = shuffle ? Splits.rng(seed) : null;
        int[] testFold = new int[n];
        for (int c = 0; c < classes; c++) {
            int[] foldsForClass = new int[counts[c]];
            int p = 0;
            for (int f = 0; f < k; f++) {
                for (int r = 0; r < allocation[f][c]; r++) {
                    foldsForClass[p++] = f;
                }
            }
            if (shuffle) {
                rng.shuffle(foldsForClass);
            }
            p = 0;
            for (int i = 0; i < n; i++) {
                if (enc[i] == c) {
                    testFold[i] = foldsForClass[p++];
                }
            }
        }
        return testFold;
    }
}
