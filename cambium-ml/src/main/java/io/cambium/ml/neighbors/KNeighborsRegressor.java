package io.cambium.ml.neighbors;

import io.cambium.ml.Data;
import io.cambium.ml.Regressor;

/** k-nearest-neighbour regression: the (weighted) mean target of the neighbours. */
public final class KNeighborsRegressor implements Regressor {
    private final int k;
    private final Weights weights;
    private final NeighborSearch.Algorithm algorithm;
    private NeighborSearch index;
    private double[] y;
    private int features;

    public KNeighborsRegressor(int k) {
        this(k, Weights.UNIFORM, NeighborSearch.Algorithm.KD_TREE);
    }

    public KNeighborsRegressor(int k, Weights weights, NeighborSearch.Algorithm algorithm) {
        if (k < 1) {
            throw new IllegalArgumentException("KNeighborsRegressor: n_neighbors must be >= 1, got " + k);
        }
        this.k = k;
        this.weights = weights;
        this.algorithm = algorithm;
    }

    @Override
    public KNeighborsRegressor fit(double[][] X, double[] y) {
        features = Data.check("KNeighborsRegressor", X, y.length);
        this.y = y.clone();
        index = algorithm.build(X);
        return this;
    }

    @Override
    public double[] predict(double[][] X) {
        if (index == null) {
            throw new IllegalStateException("KNeighborsRegressor is not fitted yet; call fit first");
        }
        Data.checkFeatures("KNeighborsRegressor", X, features);
        Neighbors nb = index.query(X, k);
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
