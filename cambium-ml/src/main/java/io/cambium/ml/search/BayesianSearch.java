package io.cambium.ml.search;

import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bayesian optimization: after {@code initial} random points, a Gaussian process (Matérn 5/2)
 * models the objective over the unit cube and the next point maximizes expected improvement,
 * searched over random candidates and refined locally by a shrinking pattern search. With
 * parallelism p, p points are proposed per round by the "kriging believer" rule (each proposal is
 * added to the model at its predicted mean before the next one is chosen).
 */
public final class BayesianSearch extends HyperparameterSearch<BayesianSearch> {
    private int budget = 50;
    private int initial = 10;
    private Long seed;
    private int batch = 1;
    private int candidates = 1000;
    private double xi = 0.01;

    /**
     * scikit-optimize's defaults: 50 trials, the first 10 random; the random state is drawn from
     * {@code Cambium.rng()} at run time unless set.
     */
    public BayesianSearch(SearchSpace space) {
        super(space);
    }

    /**
     * {@code trials} evaluations in total, the first {@code initial} of them random.
     *
     * @deprecated use {@code new BayesianSearch(space).nIter(trials).nInitialPoints(initial).randomState(seed)}
     */
    @Deprecated
    public BayesianSearch(SearchSpace space, int trials, int initial, long seed) {
        super(space);
        if (initial < 1 || initial > trials) {
            throw new IllegalArgumentException("BayesianSearch needs 1 <= initial (" + initial + ") <= trials (" + trials + ")");
        }
        nIter(trials).nInitialPoints(initial).randomState(seed);
    }

    /** Number of evaluations in total (default 50). */
    public BayesianSearch nIter(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("BayesianSearch needs at least 1 trial, got " + trials);
        }
        this.budget = trials;
        return this;
    }

    /** Random evaluations before the Gaussian process guides the search (default 10). */
    public BayesianSearch nInitialPoints(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("BayesianSearch needs at least 1 initial point, got " + points);
        }
        this.initial = points;
        return this;
    }

    /** Seed of the random points and candidates, for reproducible searches. */
    public BayesianSearch randomState(long value) {
        this.seed = value;
        return this;
    }

    /** Random candidates per dimension scored by expected improvement before the local refinement. */
    public BayesianSearch candidates(int perDimension) {
        this.candidates = perDimension;
        return this;
    }

    /** Exploration margin ξ of expected improvement (in standardized units). */
    public BayesianSearch xi(double xi) {
        this.xi = xi;
        return this;
    }

    /** Points proposed per round (kriging believer); evaluated together, in parallel if enabled. */
    public BayesianSearch batch(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + points);
        }
        this.batch = points;
        return this;
    }

    @Override
    protected void search(Objective objective) {
        Rng rng = rng(seed);
        List<Map<String, Object>> first = new ArrayList<>();
        for (int i = 0; i < Math.min(initial, budget); i++) {
            first.add(space.sample(rng));
        }
        evaluate(objective, first);
        while (trials().size() < budget) {
            int q = Math.min(batch, budget - trials().size());
            List<double[]> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Trial t : trials()) {
                xs.add(space.encode(t.params()));
                ys.add(sign() * t.score());
                seen.add(t.params().toString());
            }
            List<Map<String, Object>> proposals = new ArrayList<>();
            for (int j = 0; j < q; j++) {
                double[][] X = xs.toArray(new double[0][]);
                double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
                GaussianProcess gp = new GaussianProcess().fit(X, y);
                double best = Double.NEGATIVE_INFINITY;
                for (double v : y) {
                    best = Math.max(best, v);
                }
                double[] x = propose(gp, best, X, rng);
                Map<String, Object> p = space.decode(x);
                // A discrete space can map the optimum of EI onto a visited point: explore instead.
                for (int tries = 0; !seen.add(p.toString()) && tries < 100; tries++) {
                    p = space.sample(rng);
                }
                double[] enc = space.encode(p);
                proposals.add(p);
                xs.add(enc);
                ys.add(gp.predict(enc)[0]);
            }
            evaluate(objective, proposals);
        }
    }

    /** Expected improvement over {@code best} for maximization. */
    static double expectedImprovement(double mu, double sigma, double best, double xi) {
        if (sigma <= 0) {
            return Math.max(0, mu - best - xi);
        }
        double z = (mu - best - xi) / sigma;
        return (mu - best - xi) * normalCdf(z) + sigma * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private double[] propose(GaussianProcess gp, double best, double[][] X, Rng rng) {
        int d = space.size();
        int n = candidates * d;
        int keep = 5;
        double[][] top = new double[keep][];
        double[] topEi = new double[keep];
        java.util.Arrays.fill(topEi, -1);
        for (int c = 0; c < n; c++) {
            double[] x = new double[d];
            if (c % 4 == 3) {
                // A quarter of the candidates sit near the observed points: local exploitation.
                double[] base = X[rng.nextInt(X.length)];
                for (int j = 0; j < d; j++) {
                    x[j] = clamp(base[j] + 0.05 * rng.nextGaussian());
                }
            } else {
                for (int j = 0; j < d; j++) {
                    x[j] = rng.nextDouble();
                }
            }
            double ei = ei(gp, x, best);
            for (int k = 0; k < keep; k++) {
                if (ei > topEi[k]) {
                    for (int m = keep - 1; m > k; m--) {
                        topEi[m] = topEi[m - 1];
                        top[m] = top[m - 1];
                    }
                    topEi[k] = ei;
                    top[k] = x;
                    break;
                }
            }
        }
        double[] bestX = top[0];
        double bestEi = topEi[0];
        for (int k = 0; k < keep && top[k] != null; k++) {
            double[] x = top[k].clone();
            double v = topEi[k];
            double step = 0.05;
            while (step > 1e-4) {
                boolean moved = false;
                for (int j = 0; j < d; j++) {
                    for (int s = -1; s <= 1; s += 2) {
                        double old = x[j];
                        x[j] = clamp(old + s * step);
                        double e = ei(gp, x, best);
                        if (e > v) {
                            v = e;
                            moved = true;
                        } else {
                            x[j] = old;
                        }
                    }
                }
                if (!moved) {
                    step /= 2;
                }
            }
            if (v > bestEi) {
                bestEi = v;
                bestX = x;
            }
        }
        return bestX;
    }

    private double ei(GaussianProcess gp, double[] x, double best) {
        double[] ms = gp.predict(x);
        return expectedImprovement(ms[0], ms[1], best, xi * gp.targetStd());
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
