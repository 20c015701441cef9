package io.cambium.ml.search;

import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Independent random points of the space, as scikit-learn's {@code RandomizedSearchCV}:
 * {@code nIter} trials (default 10), seeded by {@link #randomState(long)}.
 */
public final class RandomSearch extends HyperparameterSearch<RandomSearch> {
    private int budget = 10;
    private Long seed;

    /** 10 trials; the random state is drawn from {@code Cambium.rng()} at run time unless set. */
    public RandomSearch(SearchSpace space) {
        super(space);
    }

    /**
     * @deprecated use {@code new RandomSearch(space).nIter(trials).randomState(seed)}
     */
    @Deprecated
    public RandomSearch(SearchSpace space, int trials, long seed) {
        super(space);
        nIter(trials).randomState(seed);
    }

    /** Number of trials (default 10). */
    public RandomSearch nIter(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("RandomSearch needs at least 1 trial, got " + trials);
        }
        this.budget = trials;
        return this;
    }

    /** Seed of the sampling, for reproducible searches. */
    public RandomSearch randomState(long value) {
        this.seed = value;
        return this;
    }

    @Override
    protected void search(Objective objective) {
        Rng rng = rng(seed);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < budget; i++) {
            points.add(space.sample(rng));
        }
        evaluate(objective, points);
    }
}
