package io.cambium.ml.search;

/** Exhaustive search over every combination of the parameters' grid values. */
public final class GridSearch extends HyperparameterSearch<GridSearch> {

    public GridSearch(SearchSpace space) {
        super(space);
    }

    @Override
    protected void search(Objective objective) {
        evaluate(objective, space.grid());
    }
}
