package io.cambium.ml.robust;

import io.cambium.Cambium;
import io.cambium.ml.Data;
import io.cambium.ml.Regressor;
import io.cambium.ml.SampleWeighted;
import io.cambium.ml.linear.LinearModel;
import io.cambium.ml.linear.LinearRegression;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * RANdom SAmple Consensus, as scikit-learn's {@code RANSACRegressor}: repeatedly fit the base
 * estimator on a random minimal subset, count the samples whose loss (absolute or squared error)
 * is within {@code residualThreshold} (default: the median absolute deviation of y), keep the
 * largest consensus set (ties: higher R² on it), shrink the trial budget adaptively to reach
 * {@code stopProbability}, and finally refit on the best consensus set.
 *
 * <pre>{@code
 * RansacRegressor r = new RansacRegressor().residualThreshold(1.0).randomState(42).fit(X, y);
 * double[] coef = r.coef();       // of the final linear model
 * }</pre>
 */
public final class RansacRegressor implements Regressor, SampleWeighted<double[]> {
    private static final double EPS = Math.ulp(1.0);

    /** How a sample's residual is measured against the threshold (scikit-learn's {@code loss}). */
    public enum Loss {
        /** |y - ŷ| (the default). */
        ABSOLUTE_ERROR,
        /** (y - ŷ)². */
        SQUARED_ERROR
    }

    private Supplier<? extends Regressor> base;
    private boolean defaultBase = true;
    private int minSamples = -1;
    private double minSamplesFraction = Double.NaN;
    private double residualThreshold = Double.NaN;
    private int maxTrials = 100;
    private long maxSkips = Long.MAX_VALUE;
    private long stopNInliers = Long.MAX_VALUE;
    private double stopScore = Double.POSITIVE_INFINITY;
    private double stopProbability = 0.99;
    private Loss loss = Loss.ABSOLUTE_ERROR;
    private Long seed;
    private Regressor estimator;
    private boolean[] inlierMask;
    private int trials;
    private int skipsNoInliers;
    private double thresholdUsed;

    /**
     * scikit-learn's defaults: a {@link LinearRegression} base, min_samples features + 1, the
     * median absolute deviation of y as threshold, 100 trials, stop probability 0.99, absolute
     * error; the random state is drawn from {@link Cambium#rng()} at fit time unless set.
     */
    public RansacRegressor() {
        this.base = LinearRegression::new;
    }

    /**
     * Linear regression base, default threshold, 100 trials, stop probability 0.99.
     *
     * @deprecated use {@code new RansacRegressor().randomState(seed)}
     */
    @Deprecated
    public RansacRegressor(long seed) {
        this();
        randomState(seed);
    }

    /**
     * @param minSamples samples per trial; -1 for features + 1
     * @param residualThreshold inlier threshold; NaN for the median absolute deviation of y
     * @deprecated use the fluent setters: {@code new RansacRegressor().estimator(base).minSamples(m)
     *     .residualThreshold(t).maxTrials(n).stopProbability(p).randomState(seed)}
     */
    @Deprecated
    public RansacRegressor(Supplier<? extends io.cambium.ml.Estimator<double[]>> base, int minSamples,
            double residualThreshold, int maxTrials, double stopProbability, long seed) {
        this.base = () -> asRegressor(base.get());
        this.defaultBase = false;
        this.minSamples = minSamples;
        this.residualThreshold = residualThreshold;
        maxTrials(maxTrials).stopProbability(stopProbability).randomState(seed);
    }

    private static Regressor asRegressor(io.cambium.ml.Estimator<double[]> e) {
        if (e instanceof Regressor r) {
            return r;
        }
        throw new IllegalArgumentException("RansacRegressor: the base estimator must be a Regressor, got "
                + e.getClass().getSimpleName());
    }

    /**
     * The base estimator, made fresh for every trial (default {@link LinearRegression}); with
     * another base, {@link #minSamples(int)} must be set, as in scikit-learn.
     */
    public RansacRegressor estimator(Supplier<? extends Regressor> value) {
        this.base = Objects.requireNonNull(value, "estimator");
        this.defaultBase = false;
        return this;
    }

    /** Samples per trial (default: features + 1 for the linear base). */
    public RansacRegressor minSamples(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("RansacRegressor: min_samples must be >= 1, got " + value);
        }
        this.minSamples = value;
        this.minSamplesFraction = Double.NaN;
        return this;
    }

    /** Samples per trial as a fraction of the training samples, in (0, 1): ceil(fraction · n). */
    public RansacRegressor minSamples(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("RansacRegressor: a fractional min_samples must be in (0, 1), got "
                    + fraction);
        }
        this.minSamplesFraction = fraction;
        this.minSamples = -1;
        return this;
    }

    /** Largest loss of an inlier (default: the median absolute deviation of y). */
    public RansacRegressor residualThreshold(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("RansacRegressor: residual_threshold must be >= 0, got " + value);
        }
        this.residualThreshold = value;
        return this;
    }

    /** Maximum number of random subsets tried (default 100). */
    public RansacRegressor maxTrials(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("RansacRegressor: max_trials must be >= 1, got " + value);
        }
        this.maxTrials = value;
        return this;
    }

    /** Stop after this many trials skipped for having fewer inliers than the best (default unlimited). */
    public RansacRegressor maxSkips(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("RansacRegressor: max_skips must be >= 0, got " + value);
        }
        this.maxSkips = value;
        return this;
    }

    /** Stop as soon as a consensus set has at least this many inliers (default unlimited). */
    public RansacRegressor stopNInliers(long value) {
        this.stopNInliers = value;
        return this;
    }

    /** Stop as soon as a consensus set scores (R²) at least this (default +inf). */
    public RansacRegressor stopScore(double value) {
        this.stopScore = value;
        return this;
    }

    /** Confidence of having drawn an outlier-free subset, which bounds the trials (default 0.99). */
    public RansacRegressor stopProbability(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("RansacRegressor: stop_probability must be in [0, 1], got " + value);
        }
        this.stopProbability = value;
        return this;
    }

    /** How residuals are measured (default {@link Loss#ABSOLUTE_ERROR}). */
    public RansacRegressor loss(Loss value) {
        this.loss = Objects.requireNonNull(value, "loss");
        return this;
    }

    /** Seed of the subset sampling, for reproducible fits (default: drawn from {@link Cambium#rng()}). */
    public RansacRegressor randomState(long value) {
        this.seed = value;
        return this;
    }

    /** The estimator refitted on the consensus set ({@code estimator_}). */
    public Regressor estimator() {
        requireFitted();
        return estimator;
    }

    /** Coefficients of the final model; the base estimator must be linear. */
    public double[] coef() {
        return linear("coef").coef();
    }

    /** Intercept of the final model; the base estimator must be linear. */
    public double intercept() {
        return linear("intercept").intercept();
    }

    private LinearModel linear(String what) {
        requireFitted();
        if (estimator instanceof LinearModel m) {
            return m;
        }
        throw new IllegalStateException("RansacRegressor: " + what + " is defined for a linear base estimator, but the"
                + " base is " + estimator.getClass().getSimpleName() + "; use estimator() instead");
    }

    /** Which training samples are inliers of the final model's consensus set ({@code inlier_mask_}). */
    public boolean[] inlierMask() {
        requireFitted();
        return inlierMask.clone();
    }

    /** Trials run by the last fit ({@code n_trials_}). */
    public int trials() {
        return trials;
    }

    /** Trials skipped by the last fit for having fewer inliers than the best ({@code n_skips_no_inliers_}). */
    public int skipsNoInliers() {
        return skipsNoInliers;
    }

    /** The residual threshold the last fit used (the default is computed from y). */
    public double residualThresholdUsed() {
        requireFitted();
        return thresholdUsed;
    }

    private void requireFitted() {
        if (estimator == null) {
            throw new IllegalStateException("RansacRegressor is not fitted yet; call fit first");
        }
    }

    @Override
    public RansacRegressor fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public RansacRegressor fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    /** Fits with sample weights passed on to the base estimator, which must accept them. */
    @Override
    public RansacRegressor fit(double[][] X, double[] y, double[] sampleWeight) {
        int d = Data.check("RansacRegressor", X, y.length);
        int n = X.length;
        Data.checkWeights("RansacRegressor", sampleWeight, n);
        int m;
        if (!Double.isNaN(minSamplesFraction)) {
            m = (int) Math.ceil(minSamplesFraction * n);
        } else if (minSamples > 0) {
            m = minSamples;
        } else if (defaultBase || base.get() instanceof LinearRegression) {
            m = d + 1;
        } else {
            throw new IllegalArgumentException("RansacRegressor: min_samples needs to be set explicitly when the base "
                    + "estimator is not a LinearRegression");
        }
        if (m > n) {
            throw new IllegalArgumentException("RansacRegressor: min_samples (" + m + ") may not be larger than the "
                    + "number of samples (" + n + ")");
        }
        double threshold = Double.isNaN(residualThreshold) ? medianAbsoluteDeviation(y) : residualThreshold;
        Rng rng = new Rng(seed != null ? seed : Cambium.rng().nextLong());
        int bestCount = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        boolean[] best = null;
        double budget = maxTrials;
        trials = 0;
        skipsNoInliers = 0;
        for (int t = 1; t <= maxTrials && t <= budget; t++) {
            if (skipsNoInliers > maxSkips) {
                break;
            }
            trials = t;
            int[] perm = rng.permutation(n);
            int[] subset = java.util.Arrays.copyOf(perm, m);
            Regressor est = fitBase(Data.rows(X, subset), Data.take(y, subset),
                    sampleWeight == null ? null : Data.take(sampleWeight, subset));
            double[] pred = est.predict(X);
            boolean[] mask = new boolean[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                double r = y[i] - pred[i];
                mask[i] = (loss == Loss.ABSOLUTE_ERROR ? Math.abs(r) : r * r) <= threshold;
                if (mask[i]) {
                    count++;
                }
            }
            if (count == 0 || count < bestCount) {
                skipsNoInliers++;
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
            if (bestCount >= stopNInliers || bestScore >= stopScore) {
                break;
            }
        }
        if (best == null) {
            throw new IllegalStateException("RansacRegressor could not find a valid consensus set; all " + trials
                    + " trials had no inliers within residual threshold " + threshold);
        }
        int[] inl = indices(best, bestCount);
        estimator = fitBase(Data.rows(X, inl), Data.take(y, inl),
                sampleWeight == null ? null : Data.take(sampleWeight, inl));
        inlierMask = best;
        thresholdUsed = threshold;
        return this;
    }

    private Regressor fitBase(double[][] X, double[] y, double[] sampleWeight) {
        Regressor est = base.get();
        if (sampleWeight == null) {
            est.fit(X, y);
        } else if (est instanceof SampleWeighted<?>) {
            @SuppressWarnings("unchecked")
            SampleWeighted<double[]> w = (SampleWeighted<double[]>) est;
            w.fit(X, y, sampleWeight);
        } else {
            throw new IllegalArgumentException("RansacRegressor: " + est.getClass().getSimpleName()
                    + " does not support sample_weight");
        }
        return est;
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
}
