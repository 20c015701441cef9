package io.cambium.ml;

import io.cambium.ml.metrics.ClassificationMetrics;
import io.cambium.tensor.Tensor;

/**
 * An estimator of integer class labels that also gives class probabilities. {@code predict}
 * returns labels of the type they were given in ({@code int[]}): the class with the highest
 * probability, the smaller label among equals.
 */
public interface Classifier extends Estimator<int[]> {

    @Override
    Classifier fit(double[][] X, int[] y);

    /** The class labels seen in {@code fit}, sorted ascending; columns of {@link #predictProba}. */
    int[] classes();

    /** Class probabilities [n, classes().length] for the rows of {@code X}. */
    double[][] predictProba(double[][] X);

    /** {@link #predictProba(double[][])} on a [n, features] tensor. */
    default double[][] predictProba(Tensor X) {
        return predictProba(Data.matrix(X));
    }

    /** The most probable class of each row. */
    @Override
    default int[] predict(double[][] X) {
        double[][] p = predictProba(X);
        int[] classes = classes();
        int[] best = Data.argmax(p);
        int[] out = new int[best.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = classes[best[i]];
        }
        return out;
    }

    /** Mean accuracy, as scikit-learn's {@code ClassifierMixin.score}. */
    @Override
    default double score(double[][] X, int[] y) {
        return score(X, y, null);
    }

    /** Weighted mean accuracy. */
    @Override
    default double score(double[][] X, int[] y, double[] sampleWeight) {
        return ClassificationMetrics.accuracy(y, predict(X), sampleWeight);
    }

    /** {@link #fit(double[][], int[])} with a [n, features] tensor and a [n] tensor of integral labels. */
    default Classifier fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.labels(y));
    }

    /**
     * Labels carried as integral doubles (the round-1 form).
     *
     * @deprecated pass {@code int[]} labels; {@link Data#labels(double[])} converts
     */
    @Deprecated
    default Classifier fit(double[][] X, double[] y) {
        return fit(X, Data.labels(y));
    }

    /**
     * Accuracy against labels carried as integral doubles.
     *
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    default double score(double[][] X, double[] y) {
        return score(X, Data.labels(y));
    }
}
