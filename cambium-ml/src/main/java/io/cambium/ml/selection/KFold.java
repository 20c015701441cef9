package io.cambium.ml.selection;

import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * K consecutive folds, as scikit-learn's {@code KFold}: the first {@code n % k} folds have one
 * extra sample; with shuffling the indices are permuted first (seeded).
 */
public final class KFold implements CrossValidator {
    private final int k;
    private final boolean shuffle;
    private final long seed;

    public KFold(int k) {
        this(k, false, 0);
    }

    public KFold(int k, boolean shuffle, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("KFold: n_splits must be at least 2, got " + k);
        }
        this.k = k;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    @Override
    public int nSplits() {
        return k;
    }

    @Override
    public List<Fold> split(double[] y) {
        return split(y.length);
    }

    /** Folds over n samples. */
    public List<Fold> split(int n) {
        if (k > n) {
            throw new IllegalArgumentException("KFold: cannot have n_splits=" + k + " greater than the number of "
                    + "samples: n_samples=" + n);
        }
        int[] idx = shuffle ? new Rng(seed).permutation(n) : identity(n);
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
