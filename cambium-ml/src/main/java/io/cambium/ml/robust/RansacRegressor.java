package io.cambium.ml.robust;

import io.cambium.ml.Data;
import io.cambium.ml.Estimator;
import io.cambium.ml.Regressor;
import io.cambium.ml.linear.LinearRegression;
import io.cambium.tensor.random.Rng;
import java.util.function.Supplier;

/**
 * RANdom SAmple Consensus, as scikit-learn's {@code RANSACRegressor}: repeatedly fit the base
 * estimator on a random minimal subset, count the samples whose absolute residual is within
 * {@code residualThreshold} (default: the median absolute deviation of y), keep the largest
 * consensus set (ties: higher R² on it), shrink the trial budget adaptively to reach
 * {@code stopProbability}, and finally refit on the best consensus set.
 */
public final class RansacRegressor implements Regressor {
    private static final double EPS = Math.ulp(1.0);
    private final Supplier<? extends Estimator> base;
    private final int minSamples;
    private final double residualThreshold;
    private final int maxTrials;
    private final double stopProbability;
    private final long seed;
    private Estimator estimator;
    private boolean[] inlierMask;
    private int trials;

    /** Linear regression base, default threshold, 100 trials, stop probability 0.99. */
    public RansacRegressor(long seed) {
        this(LinearRegression::new, -1, Double.NaN, 100, 0.99, seed);
    }

    /**
     * @param minSamples samples per trial; -1 for features + 1
     * @param residualThreshold inlier threshold; NaN for the median absolute deviation of y
     */
    public RansacRegressor(Supplier<? extends Estimator> base, int minSamples, double residualThreshold, int maxTrials,
            double stopProbability, long seed) {
        this.base = base;
        this.minSamples = minSamples;
        this.residualThreshold = residualThreshold;
        this.maxTrials = maxTrials;
        this.stopProbability = stopProbability;
        this.seed = seed;
    }

    /** The estimator refitted on the consensus set. */
    public Estimator estimator() {
        requireFitted();
        return estimator;
    }

    /** Which training samples are inliers of the final model's consensus set. */
    public boolean[] inlierMask() {
        requireFitted();
        return inlierMask.clone();
    }

    /** Trials run by the last fit. */
    public int trials() {
        return trials;
    }

    private void requireFitted() {
        if (estimator == null) {
            throw new IllegalStateException("RansacRegressor is not fitted yet; call fit first");
        }
    }

    @Override
    public RansacRegressor fit(double[][] X, double[] y) {
        int d = Data.check("RansacRegressor", X, y.length);
        int n = X.length;
        int m = minSamples < 0 ? d + 1 : minSamples;
        if (m > n) {
            throw new IllegalArgumentException("RansacRegressor: min_samples (" + m + ") may not be larger than the "
                    + "number of samples (" + n + ")");
        }
        double threshold = Double.isNaN(residualThreshold) ? medianAbsoluteDeviation(y) : residualThreshold;
        Rng rng = new Rng(seed);
        int bestCount = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        boolean[] best = null;
        double budget = maxTrials;
        trials = 0;
        for (int t = 1; t <= maxTrials && t <= budget; t++) {
            trials = t;
            int[] perm = rng.permutation(n);
            int[] subset = java.util.Arrays.copyOf(perm, m);
            Estimator est = base.get();
            est.fit(Data.rows(X, subset), Data.take(y, subset));
            double[] pred = est.predict(X);
            boolean[] mask = new boolean[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                mask[i] = Math.abs(y[i] - pred[i]) <= threshold;
                if (mask[i]) {
                    count++;
                }
            }
            if (count == 0 || count < bestCount) {
                continue;
            }
            int[] inl = indices(mask, count);
            double score = est.score(Data.rows(X, inl), Data.take(y, inl));
            if (count == bestCount && score < bestScore) {
                continue;
            }
            bestCount = count;
            bestScore = score;
            best = mask;
            budget = Math.min(budget, dynamicMaxTrials(bestCount, n, m, stopProbability));
        }
        if (best == null) {
            throw new IllegalStateException("RansacRegressor could not find a valid consensus set; all " + trials
                    + " trials had no inliers within residual threshold " + threshold);
        }
        int[] inl = indices(best, bestCount);
        estimator = base.get();
        estimator.fit(Data.rows(X, inl), Data.take(y, inl));
        inlierMask = best;
        return this;
    }

    private static int[] indices(boolean[] mask, int count) {
        int[] out = new int[count];
        for (int i = 0, k = 0; i < mask.length; i++) {
            if (mask[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    static double dynamicMaxTrials(int inliers, int samples, int minSamples, double probability) {
        double ratio = inliers / (double) samples;
        double nom = Math.max(EPS, 1 - probability);
        double denom = Math.max(EPS, 1 - Math.pow(ratio, minSamples));
        if (nom == 1) {
            return 0;
        }
        if (denom == 1) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(Math.ceil(Math.log(nom) / Math.log(denom)));
    }

    static double medianAbsoluteDeviation(double[] y) {
        double med = median(y.clone());
        double[] dev = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            dev[i] = Math.abs(y[i] - med);
        }
        return median(dev);
    }

    private static double median(double[] v) {
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    @Override
    public double[] predict(double[][] X) {
        requireFitted();
        return estimator.predict(X);
    }

    @Override
    public double score(double[][] X, double[] y) {
        requireFitted();
        return estimator.score(X, y);
    }
}
