package io.cambium.ml.neighbors;

/** A k-nearest-neighbour index over training rows (Euclidean distance). */
public interface NeighborSearch {

    /** The {@code k} nearest indexed rows of each row of {@code queries}. */
    Neighbors query(double[][] queries, int k);

    /** How the index searches. */
    enum Algorithm {
        /** Compare every query with every training row. */
        BRUTE,
        /** A k-d tree with bounding-box pruning; same results as brute force. */
        KD_TREE;

        /** Builds an index of this kind over {@code X} (k-d tree leaves of 30 rows). */
        public NeighborSearch build(double[][] X) {
            return build(X, 30);
        }

        /** Builds an index of this kind over {@code X}; {@code leafSize} applies to the k-d tree. */
        public NeighborSearch build(double[][] X, int leafSize) {
            return this == BRUTE ? new BruteForce(X) : new KdTree(X, leafSize);
        }
    }

    /** Squared Euclidean distance. */
    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }
}
