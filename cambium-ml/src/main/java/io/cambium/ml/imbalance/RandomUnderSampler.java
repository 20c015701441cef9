package io.cambium.ml.imbalance;

import io.cambium.Cambium;
import io.cambium.ml.Data;
import io.cambium.tensor.random.Rng;
import java.util.Arrays;

/**
 * Random under-sampling (imbalanced-learn's {@code RandomUnderSampler}, strategy "not minority"):
 * every class is reduced to the minority count by keeping a random subset without replacement.
 * Samples stay in their original order.
 */
public final class RandomUnderSampler {
    private Long seed;

    /** The random state is drawn from {@code Cambium.rng()} at each resampling unless set. */
    public RandomUnderSampler() {
    }

    /**
     * @deprecated use {@code new RandomUnderSampler().randomState(seed)}
     */
    @Deprecated
    public RandomUnderSampler(long seed) {
        randomState(seed);
    }

    /** Seed of the sampling, for reproducible results. */
    public RandomUnderSampler randomState(long value) {
        this.seed = value;
        return this;
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public Resampled fitResample(double[][] X, double[] y) {
        return fitResample(X, Data.labels(y));
    }

    /** The resampled data set. */
    public Resampled fitResample(double[][] X, int[] y) {
        Data.check("RandomUnderSampler", X, y.length);
        ClassCounts cc = ClassCounts.of(y);
        Rng rng = new Rng(seed != null ? seed : Cambium.rng().nextLong());
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
        int[] yo = new int[total];
        for (int i = 0, k = 0; i < X.length; i++) {
            if (keep[i]) {
                xo[k] = X[i].clone();
                yo[k++] = y[i];
            }
        }
        return new Resampled(xo, yo);
    }
}
