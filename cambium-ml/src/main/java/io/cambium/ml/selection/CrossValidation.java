package io.cambium.ml.selection;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.Estimator;
import java.util.List;
import java.util.function.Supplier;

/**
 * k-fold evaluation (scikit-learn's {@code cross_val_score} and {@code cross_val_predict}): a fresh
 * estimator from the factory is fitted on each training part and scored on its test fold.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /**
     * The default splitter of scikit-learn for {@code cv=k}: stratified folds for classifiers,
     * plain consecutive folds otherwise.
     */
    public static CrossValidator defaultFor(Estimator probe, int k) {
        return probe instanceof Classifier ? new StratifiedKFold(k) : new KFold(k);
    }

    /** Scores of each fold with the estimator's default score and scikit-learn's default splitter. */
    public static double[] score(Supplier<? extends Estimator> factory, double[][] X, double[] y, int k) {
        return score(factory, X, y, defaultFor(factory.get(), k), Scoring.estimatorDefault());
    }

    /** Scores of each fold. */
    public static double[] score(Supplier<? extends Estimator> factory, double[][] X, double[] y, CrossValidator cv,
            Scoring scoring) {
        Data.check("cross_val_score", X, y.length);
        List<Fold> folds = cv.split(y);
        double[] scores = new double[folds.size()];
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            Estimator e = factory.get();
            e.fit(Data.rows(X, fold.train()), Data.take(y, fold.train()));
            scores[f] = scoring.score(e, Data.rows(X, fold.test()), Data.take(y, fold.test()));
        }
        return scores;
    }

    /** Out-of-fold class probabilities [n, classes of y], each row from the model that did not see it. */
    public static double[][] predictProba(Supplier<? extends Classifier> factory, double[][] X, double[] y,
            CrossValidator cv) {
        Data.check("cross_val_predict", X, y.length);
        int[] classes = Data.unique(Data.labels(y));
        double[][] out = new double[y.length][];
        for (Fold fold : cv.split(y)) {
            Classifier c = factory.get();
            c.fit(Data.rows(X, fold.train()), Data.take(y, fold.train()));
            double[][] p = c.predictProba(Data.rows(X, fold.test()));
            int[] seen = c.classes();
            for (int i = 0; i < fold.test().length; i++) {
                double[] row = new double[classes.length];
                for (int j = 0; j < seen.length; j++) {
                    row[java.util.Arrays.binarySearch(classes, seen[j])] = p[i][j];
                }
                out[fold.test()[i]] = row;
            }
        }
        return out;
    }
}
