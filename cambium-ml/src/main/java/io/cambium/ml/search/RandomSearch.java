package io.cambium.ml.search;

import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code trials} independent random points of the space (seeded). */
public final class RandomSearch extends HyperparameterSearch {
    private final int budget;
    private final long seed;

    public RandomSearch(SearchSpace space, int trials, long seed) {
        super(space);
        if (trials < 1) {
            throw new IllegalArgumentException("RandomSearch needs at least 1 trial, got " + trials);
        }
        this.budget = trials;
        this.seed = seed;
    }

    @Override
    protected void search(Objective objective) {
        Rng rng = new Rng(seed);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < budget; i++) {
            points.add(space.sample(rng));
        }
        evaluate(objective, points);
    }
}
