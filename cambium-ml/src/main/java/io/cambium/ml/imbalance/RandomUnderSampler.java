package io.cambium.ml.imbalance;

import io.cambium.ml.Data;
import io.cambium.tensor.random.Rng;
import java.util.Arrays;

/**
 * Random under-sampling (imbalanced-learn's {@code RandomUnderSampler}, strategy "not minority"):
 * every class is reduced to the minority count by keeping a random subset without replacement.
 * Samples stay in their original order.
 */
public final class RandomUnderSampler {
    private final long seed;

    public RandomUnderSampler(long seed) {
        this.seed = seed;
    }

    /** The resampled data set. */
    public Resampled fitResample(double[][] X, double[] y) {
        Data.check("RandomUnderSampler", X, y.length);
        ClassCounts cc = ClassCounts.of(y);
        Rng rng = new Rng(seed);
        int target = cc.min();
        boolean[] keep = new boolean[X.length];
        int total = 0;
        for (int[] m : cc.members()) {
            int[] perm = rng.permutation(m.length);
            int[] chosen = Arrays.copyOf(perm, target);
            for (int c : chosen) {
                keep[m[c]] = true;
            }
            total += target;
        }
        double[][] xo = new double[total][];
        double[] yo = new double[total];
        for (int i = 0, k = 0; i < X.length; i++) {
            if (keep[i]) {
                xo[k] = X[i].clone();
                yo[k++] = y[i];
            }
        }
        return new Resampled(xo, yo);
    }
}
