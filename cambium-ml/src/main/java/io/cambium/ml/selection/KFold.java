package io.cambium.ml.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * K consecutive folds, as scikit-learn's {@code KFold}: the first {@code n % k} folds have one
 * extra sample; with shuffling the indices are permuted first (seeded).
 */
public final class KFold implements CrossValidator {
    private int k = 5;
    private boolean shuffle;
    private Long seed;

    /** scikit-learn's defaults: 5 folds, no shuffling. */
    public KFold() {
    }

    /** {@code k} consecutive folds. */
    public KFold(int k) {
        nSplits(k);
    }

    /**
     * @deprecated use {@code new KFold(k).shuffle(true).randomState(seed)}
     */
    @Deprecated
    public KFold(int k, boolean shuffle, long seed) {
        nSplits(k).shuffle(shuffle).randomState(seed);
    }

    /** Number of folds, at least 2 (default 5). */
    public KFold nSplits(int value) {
        if (value < 2) {
            throw new IllegalArgumentException("KFold: n_splits must be at least 2, got " + value);
        }
        this.k = value;
        return this;
    }

    /** Whether to permute the samples before splitting (default false). */
    public KFold shuffle(boolean value) {
        this.shuffle = value;
        return this;
    }

    /** Seed of the shuffling (default: drawn from {@code Cambium.rng()} at each split). */
    public KFold randomState(long value) {
        this.seed = value;
        return this;
    }

    @Override
    public int nSplits() {
        return k;
    }

    @Override
    public List<Fold> split(double[] y) {
        return split(y.length);
    }

    @Override
    public List<Fold> split(int[] y) {
        return split(y.length);
    }

    /** Folds over n samples. */
    public List<Fold> split(int n) {
        if (k > n) {
            throw new IllegalArgumentException("KFold: cannot have n_splits=" + k + " greater than the number of "
                    + "samples: n_samples=" + n);
        }
        int[] idx = shuffle ? Splits.rng(seed).permutation(n) : identity(n);
        List<Fold> folds = new ArrayList<>();
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            boolean[] isTest = new boolean[n];
            for (int i = start; i < start + size; i++) {
                isTest[idx[i]] = true;
            }
            folds.add(Splits.fold(isTest));
            start += size;
        }
        return folds;
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
