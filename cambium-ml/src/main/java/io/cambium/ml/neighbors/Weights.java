package io.cambium.ml.neighbors;

/** How neighbours vote (scikit-learn's {@code weights}). */
public enum Weights {
    /** Every neighbour counts equally. */
    UNIFORM,
    /** Neighbours count by inverse distance; a zero distance takes all the weight. */
    DISTANCE;

    /** Per-neighbour weights for one query row. */
    double[] of(double[] dist) {
        double[] w = new double[dist.length];
        if (this == UNIFORM) {
            java.util.Arrays.fill(w, 1);
            return w;
        }
        boolean exact = false;
        for (double v : dist) {
            exact |= v == 0;
        }
        for (int j = 0; j < dist.length; j++) {
            w[j] = exact ? (dist[j] == 0 ? 1 : 0) : 1 / dist[j];
        }
        return w;
    }
}
