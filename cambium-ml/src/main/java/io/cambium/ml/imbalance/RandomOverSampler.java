package io.cambium.ml.imbalance;

import io.cambium.Cambium;
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
    private Long seed;

    /** The random state is drawn from {@code Cambium.rng()} at each resampling unless set. */
    public RandomOverSampler() {
    }

    /**
     * @deprecated use {@code new RandomOverSampler().randomState(seed)}
     */
    @Deprecated
    public RandomOverSampler(long seed) {
        randomState(seed);
    }

    /** Seed of the sampling, for reproducible results. */
    public RandomOverSampler randomState(long value) {
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
        Data.check("RandomOverSampler", X, y.length);
        ClassCounts cc = ClassCounts.of(y);
        Rng rng = new Rng(seed != null ? seed : Cambium.rng().nextLong());
        int target = cc.max();
        List<Integer> extra = new ArrayList<>();
        for (int[] m : cc.members()) {
            for (int k = m.length; k < target; k++) {
                extra.add(m[rng.nextInt(m.length)]);
            }
        }
        int n = X.length;
        double[][] xo = new double[n + extra.size()][];
        int[] yo = new int[n + extra.size()];
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
