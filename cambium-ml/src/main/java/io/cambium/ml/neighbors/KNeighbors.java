package io.cambium.ml.neighbors;

import io.cambium.ml.Data;

/** The fitted state shared by the k-nearest-neighbour estimators: the index and its checks. */
final class KNeighbors {
    private final String who;
    private final NeighborSearch index;
    private final int features;
    private final int samples;

    KNeighbors(String who, double[][] X, NeighborSearch.Algorithm algorithm, int leafSize) {
        this.who = who;
        this.features = Data.columns(who, X);
        this.samples = X.length;
        this.index = algorithm.build(X, leafSize);
    }

    static int checkK(String who, int k) {
        if (k < 1) {
            throw new IllegalArgumentException(who + ": n_neighbors must be >= 1, got " + k);
        }
        return k;
    }

    static int checkLeafSize(String who, int leafSize) {
        if (leafSize < 1) {
            throw new IllegalArgumentException(who + ": leaf_size must be >= 1, got " + leafSize);
        }
        return leafSize;
    }

    int features() {
        return features;
    }

    Neighbors query(double[][] X, int k) {
        checkK(who, k);
        if (k > samples) {
            throw new IllegalArgumentException(who + ": expected n_neighbors <= n_samples_fit, but n_neighbors = " + k
                    + ", n_samples_fit = " + samples);
        }
        Data.checkFeatures(who, X, features);
        return index.query(X, k);
    }
}
