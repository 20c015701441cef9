package io.cambium.ml.neighbors;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.tensor.Tensor;
import java.util.Objects;

/**
 * k-nearest-neighbour classification (scikit-learn's {@code KNeighborsClassifier}, Euclidean
 * metric): probabilities are the (weighted) neighbour votes; ties go to the smaller label.
 *
 * <pre>{@code
 * var knn = new KNeighborsClassifier().nNeighbors(7).weights(Weights.DISTANCE).fit(X, y);
 * int[] labels = knn.predict(Xtest);
 * }</pre>
 */
public final class KNeighborsClassifier implements Classifier {
    private int k = 5;
    private Weights weights = Weights.UNIFORM;
    private NeighborSearch.Algorithm algorithm = NeighborSearch.Algorithm.KD_TREE;
    private int leafSize = 30;
    private KNeighbors index;
    private int[] classes;
    private int[] encoded;

    /** scikit-learn's defaults: 5 neighbours, uniform weights (k-d tree search, leaves of 30). */
    public KNeighborsClassifier() {
    }

    /** With {@code k} neighbours. */
    public KNeighborsClassifier(int k) {
        nNeighbors(k);
    }

    /**
     * @deprecated use {@code new KNeighborsClassifier().nNeighbors(k).weights(w).algorithm(a)}
     */
    @Deprecated
    public KNeighborsClassifier(int k, Weights weights, NeighborSearch.Algorithm algorithm) {
        nNeighbors(k).weights(weights).algorithm(algorithm);
    }

    /** Number of neighbours that vote (default 5). */
    public KNeighborsClassifier nNeighbors(int value) {
        this.k = KNeighbors.checkK("KNeighborsClassifier", value);
        return this;
    }

    /** How neighbours vote (default {@link Weights#UNIFORM}). */
    public KNeighborsClassifier weights(Weights value) {
        this.weights = Objects.requireNonNull(value, "weights");
        return this;
    }

    /** The search structure (default k-d tree); results do not depend on it. */
    public KNeighborsClassifier algorithm(NeighborSearch.Algorithm value) {
        this.algorithm = Objects.requireNonNull(value, "algorithm");
        return this;
    }

    /** Rows per k-d tree leaf (default 30); affects speed only. */
    public KNeighborsClassifier leafSize(int value) {
        this.leafSize = KNeighbors.checkLeafSize("KNeighborsClassifier", value);
        return this;
    }

    @Override
    public KNeighborsClassifier fit(double[][] X, int[] y) {
        Data.check("KNeighborsClassifier", X, y.length);
        classes = Data.unique(y);
        encoded = Data.encode(y, classes);
        index = new KNeighbors("KNeighborsClassifier", X, algorithm, leafSize);
        return this;
    }

    @Override
    public KNeighborsClassifier fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.labels(y));
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    @Override
    public KNeighborsClassifier fit(double[][] X, double[] y) {
        return fit(X, Data.labels(y));
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
}
