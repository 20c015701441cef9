package io.cambium.ml.neighbors;

import io.cambium.tensor.Parallel;

/** Exhaustive k-nearest-neighbour search. */
public final class BruteForce implements NeighborSearch {
    private final double[][] X;

    public BruteForce(double[][] X) {
        this.X = X;
    }

    @Override
    public Neighbors query(double[][] queries, int k) {
        if (k < 1 || k > X.length) {
            throw new IllegalArgumentException("k-NN: expected 1 <= n_neighbors <= n_samples_fit = " + X.length
                    + ", got " + k);
        }
        int[][] ind = new int[queries.length][];
        double[][] dist = new double[queries.length][];
        Parallel.range(queries.length, 64, (s, e) -> {
            for (int q = s; q < e; q++) {
                KBest best = new KBest(k);
                for (int i = 0; i < X.length; i++) {
                    best.offer(i, NeighborSearch.squaredDistance(queries[q], X[i]));
                }
                ind[q] = best.idx.clone();
                dist[q] = new double[k];
                for (int j = 0; j < k; j++) {
                    dist[q][j] = Math.sqrt(best.dist[j]);
                }
            }
        });
        return new Neighbors(ind, dist);
    }
}
