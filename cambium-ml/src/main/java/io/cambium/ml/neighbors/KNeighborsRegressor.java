package io.cambium.ml.neighbors;

import io.cambium.ml.Data;
import io.cambium.ml.Regressor;
import io.cambium.tensor.Tensor;
import java.util.Objects;

/**
 * k-nearest-neighbour regression (scikit-learn's {@code KNeighborsRegressor}, Euclidean metric):
 * the (weighted) mean target of the neighbours.
 */
public final class KNeighborsRegressor implements Regressor {
    private int k = 5;
    private Weights weights = Weights.UNIFORM;
    private NeighborSearch.Algorithm algorithm = NeighborSearch.Algorithm.KD_TREE;
    private int leafSize = 30;
    private KNeighbors index;
    private double[] y;

    /** scikit-learn's defaults: 5 neighbours, uniform weights (k-d tree search, leaves of 30). */
    public KNeighborsRegressor() {
    }

    /** With {@code k} neighbours. */
    public KNeighborsRegressor(int k) {
        nNeighbors(k);
    }

    /**
     * @deprecated use {@code new KNeighborsRegressor().nNeighbors(k).weights(w).algorithm(a)}
     */
    @Deprecated
    public KNeighborsRegressor(int k, Weights weights, NeighborSearch.Algorithm algorithm) {
        nNeighbors(k).weights(weights).algorithm(algorithm);
    }

    /** Number of neighbours averaged (default 5). */
    public KNeighborsRegressor nNeighbors(int value) {
        this.k = KNeighbors.checkK("KNeighborsRegressor", value);
        return this;
    }

    /** How neighbours are weighted (default {@link Weights#UNIFORM}). */
    public KNeighborsRegressor weights(Weights value) {
        this.weights = Objects.requireNonNull(value, "weights");
        return this;
    }

    /** The search structure (default k-d tree); results do not depend on it. */
    public KNeighborsRegressor algorithm(NeighborSearch.Algorithm value) {
        this.algorithm = Objects.requireNonNull(value, "algorithm");
        return this;
    }

    /** Rows per k-d tree leaf (default 30); affects speed only. */
    public KNeighborsRegressor leafSize(int value) {
        this.leafSize = KNeighbors.checkLeafSize("KNeighborsRegressor", value);
        return this;
    }

    @Override
    public KNeighborsRegressor fit(double[][] X, double[] y) {
        Data.check("KNeighborsRegressor", X, y.length);
        this.y = y.clone();
        index = new KNeighbors("KNeighborsRegressor", X, algorithm, leafSize);
        return this;
    }

    @Override
    public KNeighborsRegressor fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    private void requireFitted() {
        if (index == null) {
            throw new IllegalStateException("KNeighborsRegressor is not fitted yet; call fit first");
        }
    }

    /** The {@code nNeighbors} nearest training rows of each query, nearest first. */
    public Neighbors kneighbors(double[][] X) {
        return kneighbors(X, k);
    }

    /** The {@code nNeighbors} nearest training rows of each query, nearest first. */
    public Neighbors kneighbors(double[][] X, int nNeighbors) {
        requireFitted();
        return index.query(X, nNeighbors);
    }

    @Override
    public double[] predict(double[][] X) {
        Neighbors nb = kneighbors(X);
        double[] out = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            double[] w = weights.of(nb.distances()[i]);
            double s = 0;
            double ws = 0;
            for (int j = 0; j < k; j++) {
                s += w[j] * y[nb.indices()[i][j]];
                ws += w[j];
            }
            out[i] = s / ws;
        }
        return out;
    }
}
