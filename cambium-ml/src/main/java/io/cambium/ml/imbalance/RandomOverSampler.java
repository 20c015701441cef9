package io.cambium.ml.imbalance;

import io.cambium.ml.Data;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Random over-sampling (imbalanced-learn's {@code RandomOverSampler}, strategy "not majority"):
 * every class is brought to the majority count by repeating its samples drawn with replacement;
 * the original samples come first, the drawn copies after.
 */
public final class RandomOverSampler {
    private final long seed;

    public RandomOverSampler(long seed) {
        this.seed = seed;
    }

    /** The resampled data set. */
    public Resampled fitResample(double[][] X, double[] y) {
        Data.check("RandomOverSampler", X, y.length);
        ClassCounts cc = ClassCounts.of(y);
        Rng rng = new Rng(seed);
        int target = cc.max();
        List<Integer> extra = new ArrayList<>();
        for (int[] m : cc.members()) {
            for (int k = m.length; k < target; k++) {
                extra.add(m[rng.nextInt(m.length)]);
            }
        }
        int n = X.length;
        double[][] xo = new double[n + extra.size()][];
        double[] yo = new double[n + extra.size()];
        for (int i = 0; i < n; i++) {
            xo[i] = X[i].clone();
            yo[i] = y[i];
        }
        for (int k = 0; k < extra.size(); k++) {
            xo[n + k] = X[extra.get(k)].clone();
            yo[n + k] = y[extra.get(k)];
        }
        return new Resampled(xo, yo);
    }
}
