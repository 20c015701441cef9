package io.cambium.ml.selection;

import io.cambium.Cambium;
import io.cambium.ml.Data;
import io.cambium.tensor.random.Rng;
import java.util.Arrays;

/** Train/test splitting (scikit-learn's {@code train_test_split}). */
public final class Splits {
    private Splits() {
    }

    /** A generator from {@code seed}, or seeded from {@code Cambium.rng()} when it is null. */
    static Rng rng(Long seed) {
        return new Rng(seed != null ? seed : Cambium.rng().nextLong());
    }

    static Fold fold(boolean[] isTest) {
        int t = 0;
        for (boolean b : isTest) {
            if (b) {
                t++;
            }
        }
        int[] test = new int[t];
        int[] train = new int[isTest.length - t];
        for (int i = 0, a = 0, b = 0; i < isTest.length; i++) {
            if (isTest[i]) {
                test[a++] = i;
            } else {
                train[b++] = i;
            }
        }
        return new Fold(train, test);
    }

    /** Number of test samples for a fraction: ceil(fraction · n), as scikit-learn. */
    public static int testCount(int n, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test_size must be in (0, 1), got " + testFraction);
        }
        int nTest = (int) Math.ceil(testFraction * n);
        if (nTest == 0 || nTest == n) {
            throw new IllegalArgumentException("With n_samples=" + n + " and test_size=" + testFraction
                    + ", the train or test set would be empty");
        }
        return nTest;
    }

    /**
     * A seeded random split into train and test indices; {@code stratify} (may be null) keeps
     * the class proportions in both parts as scikit-learn's StratifiedShuffleSplit does.
     */
    public static Fold trainTestSplit(int n, double testFraction, long seed, int[] stratify) {
        int nTest = testCount(n, testFraction);
        int nTrain = n - nTest;
        Rng rng = new Rng(seed);
        if (stratify == null) {
            int[] perm = rng.permutation(n);
            int[] test = Arrays.copyOfRange(perm, 0, nTest);
            int[] train = Arrays.copyOfRange(perm, nTest, n);
            Arrays.sort(test);
            Arrays.sort(train);
            return new Fold(train, test);
        }
        if (stratify.length != n) {
            throw new IllegalArgumentException("stratify has " + stratify.length + " labels for " + n + " samples");
        }
        int[] classes = Data.unique(stratify);
        int[] enc = Data.encode(stratify, classes);
        int[] counts = new int[classes.length];
        for (int e : enc) {
            counts[e]++;
        }
        for (int c = 0; c < classes.length; c++) {
            if (counts[c] < 2) {
                throw new IllegalArgumentException("The least populated class in y has only 1 member (class "
                        + classes[c] + "), which is too few; the minimum number of members of any class cannot be"
                        + " less than 2");
            }
        }
        if (nTrain < classes.length || nTest < classes.length) {
            throw new IllegalArgumentException("train and test sizes (" + nTrain + ", " + nTest
                    + ") must each be at least the number of classes (" + classes.length + ")");
        }
        int[] trainPer = approximateMode(counts, nTrain, rng);
        int[] left = new int[counts.length];
        for (int c = 0; c < counts.length; c++) {
            left[c] = counts[c] - trainPer[c];
        }
        int[] testPer = approximateMode(left, nTest, rng);
        boolean[] isTest = new boolean[n];
        boolean[] isTrain = new boolean[n];
        for (int c = 0; c < classes.length; c++) {
            int[] members = new int[counts[c]];
            for (int i = 0, p = 0; i < n; i++) {
                if (enc[i] == c) {
                    members[p++] = i;
                }
            }
            rng.shuffle(members);
            for (int j = 0; j < trainPer[c]; j++) {
                isTrain[members[j]] = true;
            }
            for (int j = trainPer[c]; j < trainPer[c] + testPer[c]; j++) {
                isTest[members[j]] = true;
            }
        }
        Fold f = fold(isTest);
        return new Fold(Arrays.stream(f.train()).filter(i -> isTrain[i]).toArray(), f.test());
    }

    /**
     * Splits X and y ({@code int[]} labels or {@code double[]} values) at random (seeded); with
     * {@code stratify}, y's class proportions are kept in both parts.
     */
    public static <Y> TrainTest<Y> trainTestSplit(double[][] X, Y y, double testFraction, long seed, boolean stratify) {
        Data.check("train_test_split", X, Data.length(y));
        Fold f = trainTestSplit(X.length, testFraction, seed, stratify ? Data.labels(y) : null);
        return new TrainTest<>(Data.rows(X, f.train()), Data.rows(X, f.test()), Data.subset(y, f.train()),
                Data.subset(y, f.test()));
    }

    /**
     * Draws {@code draws} items from classes with {@code counts} as close as possible to the
     * expected proportions: floors first, then the largest remainders (ties broken at random).
     */
    static int[] approximateMode(int[] counts, int draws, Rng rng) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        int k = counts.length;
        double[] cont = new double[k];
        int[] floored = new int[k];
        int need = draws;
        for (int c = 0; c < k; c++) {
            cont[c] = counts[c] * (double) draws / total;
            floored[c] = (int) Math.floor(cont[c]);
            need -= floored[c];
        }
        while (need > 0) {
            double best = -1;
            for (int c = 0; c < k; c++) {
                if (floored[c] < counts[c]) {
                    best = Math.max(best, cont[c] - floored[c]);
                }
            }
            int[] ties = new int[k];
            int nt = 0;
            for (int c = 0; c < k; c++) {
                if (floored[c] < counts[c] && cont[c] - floored[c] == best) {
                    ties[nt++] = c;
                }
            }
            int[] order = Arrays.copyOf(ties, nt);
            rng.shuffle(order);
            for (int j = 0; j < order.length && need > 0; j++) {
                floored[order[j]]++;
                cont[order[j]] = floored[order[j]];
                need--;
            }
        }
        return floored;
    }
}
