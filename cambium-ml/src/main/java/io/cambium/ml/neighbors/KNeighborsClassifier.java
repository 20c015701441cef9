package io.cambium.ml.neighbors;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;

/**
 * k-nearest-neighbour classification (scikit-learn's {@code KNeighborsClassifier}, Euclidean
 * metric): probabilities are the (weighted) neighbour votes; ties go to the smaller label.
 */
public final class KNeighborsClassifier implements Classifier {
    private final int k;
    private final Weights weights;
    private final NeighborSearch.Algorithm algorithm;
    private NeighborSearch index;
    private int[] classes;
    private int[] encoded;
    private int features;

    /** 5 neighbours, uniform weights, k-d tree. */
    public KNeighborsClassifier() {
        this(5, Weights.UNIFORM, NeighborSearch.Algorithm.KD_TREE);
    }

    public KNeighborsClassifier(int k) {
        this(k, Weights.UNIFORM, NeighborSearch.Algorithm.KD_TREE);
    }

    public KNeighborsClassifier(int k, Weights weights, NeighborSearch.Algorithm algorithm) {
        if (k < 1) {
            throw new IllegalArgumentException("KNeighborsClassifier: n_neighbors must be >= 1, got " + k);
        }
        this.k = k;
        this.weights = weights;
        this.algorithm = algorithm;
    }

    @Override
    public KNeighborsClassifier fit(double[][] X, double[] y) {
        features = Data.check("KNeighborsClassifier", X, y.length);
        int[] labels = Data.labels(y);
        classes = Data.unique(labels);
        encoded = Data.encode(labels, classes);
        index = algorithm.build(X);
        return this;
    }

    @Override
    public int[] classes() {
        requireFitted();
        return classes.clone();
    }

    private void requireFitted() {
        if (index == null) {
            throw new IllegalStateException("KNeighborsClassifier is not fitted yet; call fit first");
        }
    }

    /** The k nearest training rows of each query. */
    public Neighbors kneighbors(double[][] X) {
        requireFitted();
        Data.checkFeatures("KNeighborsClassifier", X, features);
        return index.query(X, k);
    }

    @Override
    public double[][] predictProba(double[][] X) {
        Neighbors nb = kneighbors(X);
        double[][] p = new double[X.length][classes.length];
        for (int i = 0; i < X.length; i++) {
            double[] w = weights.of(nb.distances()[i]);
            double s = 0;
            for (int j = 0; j < k; j++) {
                p[i][encoded[nb.indices()[i][j]]] += w[j];
                s += w[j];
            }
            for (int c = 0; c < classes.length; c++) {
                p[i][c] /= s;
            }
        }
        return p;
    }

    @Override
    public double[] predict(double[][] X) {
        double[][] p = predictProba(X);
        double[] out = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            int best = 0;
            for (int c = 1; c < classes.length; c++) {
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            out[i] = classes[best];
        }
        return out;
    }
}
