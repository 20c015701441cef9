package io.cambium.ml;

import io.cambium.ml.metrics.ClassificationMetrics;

/** An estimator of class labels that also gives class probabilities. */
public interface Classifier extends Estimator {

    /** The class labels seen in {@code fit}, sorted ascending; columns of {@link #predictProba}. */
    int[] classes();

    /** Class probabilities [n, classes().length] for the rows of {@code X}. */
    double[][] predictProba(double[][] X);

    /** Mean accuracy, as scikit-learn's {@code ClassifierMixin.score}. */
    @Override
    default double score(double[][] X, double[] y) {
        return ClassificationMetrics.accuracy(Data.labels(y), Data.labels(predict(X)));
    }
}
