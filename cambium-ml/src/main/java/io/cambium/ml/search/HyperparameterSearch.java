package io.cambium.ml.search;

import io.cambium.Cambium;
import io.cambium.ml.Estimator;
import io.cambium.ml.selection.CrossValidation;
import io.cambium.ml.selection.CrossValidator;
import io.cambium.ml.selection.Scoring;
import io.cambium.tensor.random.Rng;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The common machinery of the hyperparameter searches: evaluating batches of trials (in parallel
 * when {@link #parallelism(int)} > 1; results never depend on it), recording every trial, the
 * direction of optimization and optional live printing. The fluent setters return the concrete
 * search, so {@code new BayesianSearch(space).parallelism(2).batch(2)} compiles.
 *
 * @param <S> the concrete search type
 */
public abstract class HyperparameterSearch<S extends HyperparameterSearch<S>> {
    protected final SearchSpace space;
    private int parallelism = 1;
    private boolean minimize;
    private PrintStream log;
    private List<Trial> trials;

    protected HyperparameterSearch(SearchSpace space) {
        if (space.size() == 0) {
            throw new IllegalArgumentException(name() + ": the search space has no hyperparameters");
        }
        this.space = space;
    }

    /** This search with its concrete type, for the fluent setters. */
    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    /** Evaluates up to {@code threads} trials at the same time (default 1). */
    public S parallelism(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + threads);
        }
        this.parallelism = threads;
        return self();
    }

    /** Lower objective values are better (default: higher is better, like scikit-learn scores). */
    public S minimize() {
        this.minimize = true;
        return self();
    }

    /** Prints one line per finished trial to {@code out}. */
    public S verbose(PrintStream out) {
        this.log = out;
        return self();
    }

    /** A generator from {@code seed}, or seeded from {@code Cambium.rng()} when it is null. */
    protected static Rng rng(Long seed) {
        return new Rng(seed != null ? seed : Cambium.rng().nextLong());
    }

    /** The search's display name. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** Runs the search on an objective. */
    public final synchronized SearchResult run(Objective objective) {
        trials = new ArrayList<>();
        search(objective);
        return new SearchResult(name(), space.params(), trials, minimize);
    }

    /**
     * Runs the search with k-fold cross-validation of the estimator (classical, or an adapter
     * around a neural network) that {@code build} makes from each trial's hyperparameters;
     * {@code y} is {@code int[]} labels for classifiers, {@code double[]} values for regressors.
     */
    public final <Y> SearchResult fit(Function<Map<String, Object>, ? extends Estimator<Y>> build, double[][] X, Y y,
            CrossValidator cv, Scoring<Y> scoring) {
        return run(Objective.crossValidated(build, X, y, cv, scoring));
    }

    /** {@link #fit(Function, double[][], Object, CrossValidator, Scoring)} with scikit-learn's default k-fold. */
    public final <Y> SearchResult fit(Function<Map<String, Object>, ? extends Estimator<Y>> build, double[][] X, Y y,
            int folds) {
        Estimator<Y> probe = build.apply(space.decode(new double[space.size()]));
        return fit(build, X, y, CrossValidation.defaultFor(probe, folds), Scoring.estimatorDefault());
    }

    /** Proposes and evaluates points until the budget is spent, through {@link #evaluate}. */
    protected abstract void search(Objective objective);

    /** Whether score a is better than b in this search's direction. */
    protected final boolean better(double a, double b) {
        if (Double.isNaN(b)) {
            return !Double.isNaN(a);
        }
        return minimize ? a < b : a > b;
    }

    /** +1 when maximizing, -1 when minimizing: multiplies scores into "higher is better". */
    protected final double sign() {
        return minimize ? -1 : 1;
    }

    /** The trials so far. */
    protected final List<Trial> trials() {
        return trials;
    }

    /** Evaluates a batch of points, in parallel up to the configured parallelism, in order. */
    protected final List<Trial> evaluate(Objective objective, List<Map<String, Object>> points) {
        List<Trial> out = new ArrayList<>();
        int base = trials.size();
        if (parallelism == 1 || points.size() == 1) {
            for (int i = 0; i < points.size(); i++) {
                out.add(one(objective, points.get(i), base + i + 1));
                record(out.get(i));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, points.size()), r -> {
            Thread t = new Thread(r, "cambium-search");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Trial>> futures = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                final int k = i;
                futures.add(pool.submit(() -> one(objective, points.get(k), base + k + 1)));
            }
            for (Future<Trial> f : futures) {
                Trial t;
                try {
                    t = f.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(name() + " was interrupted", e);
                }
                out.add(t);
                record(t);
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private void record(Trial t) {
        trials.add(t);
        if (log != null) {
            log.printf(java.util.Locale.ROOT, "%s trial %d %s -> %.4f (%.2fs)%n", name(), t.number(), t.params(),
                    t.score(), t.seconds());
        }
    }

    private Trial one(Objective objective, Map<String, Object> params, int number) {
        long t0 = System.nanoTime();
        Evaluation e;
        try {
            e = objective.evaluate(params);
        } catch (RuntimeException ex) {
            throw new IllegalStateException(name() + ": trial " + number + " with " + params + " failed: "
                    + ex.getMessage(), ex);
        }
        return new Trial(number, params, e, (System.nanoTime() - t0) / 1e9);
    }
}
