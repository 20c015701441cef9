package io.cambium.ml.selection;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.Estimator;
import java.util.List;
import java.util.function.Supplier;

/**
 * k-fold evaluation (scikit-learn's {@code cross_val_score} and {@code cross_val_predict}): a fresh
 * estimator from the factory is fitted on each training part and scored on its test fold. Targets
 * are {@code int[]} labels for classifiers and {@code double[]} values for regressors.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /**
     * The default splitter of scikit-learn for {@code cv=k}: stratified folds for classifiers,
     * plain consecutive folds otherwise.
     */
    public static CrossValidator defaultFor(Estimator<?> probe, int k) {
        return probe instanceof Classifier ? new StratifiedKFold(k) : new KFold(k);
    }

    /** Scores of each fold with the estimator's default score and scikit-learn's default splitter. */
    public static <Y> double[] score(Supplier<? extends Estimator<Y>> factory, double[][] X, Y y, int k) {
        return score(factory, X, y, defaultFor(factory.get(), k), Scoring.estimatorDefault());
    }

    /** Scores of each fold. */
    public static <Y> double[] score(Supplier<? extends Estimator<Y>> factory, double[][] X, Y y, CrossValidator cv,
            Scoring<Y> scoring) {
        List<Fold> folds = split(cv, X, y, "cross_val_score");
        double[] scores = new double[folds.size()];
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            Estimator<Y> e = factory.get();
            e.fit(Data.rows(X, fold.train()), Data.subset(y, fold.train()));
            scores[f] = scoring.score(e, Data.rows(X, fold.test()), Data.subset(y, fold.test()));
        }
        return scores;
    }

    /** The folds of {@code cv} for targets of either kind, after checking X against y. */
    static List<Fold> split(CrossValidator cv, double[][] X, Object y, String who) {
        Data.check(who, X, Data.length(y));
        return y instanceof int[] labels ? cv.split(labels) : cv.split((double[]) y);
    }

    /** Out-of-fold predictions: each sample predicted by the model that did not see it ({@code cross_val_predict}). */
    @SuppressWarnings("unchecked")
    public static <Y> Y predict(Supplier<? extends Estimator<Y>> factory, double[][] X, Y y, CrossValidator cv) {
        List<Fold> folds = split(cv, X, y, "cross_val_predict");
        int n = X.length;
        Object out = y instanceof int[] ? new int[n] : new double[n];
        for (Fold fold : folds) {
            Estimator<Y> e = factory.get();
            e.fit(Data.rows(X, fold.train()), Data.subset(y, fold.train()));
            Object p = e.predict(Data.rows(X, fold.test()));
            for (int i = 0; i < fold.test().length; i++) {
                if (out instanceof int[] o) {
                    o[fold.test()[i]] = ((int[]) p)[i];
                } else {
                    ((double[]) out)[fold.test()[i]] = ((double[]) p)[i];
                }
            }
        }
        return (Y) out;
    }

    /** Out-of-fold class probabilities [n, classes of y], each row from the model that did not see it. */
    public static double[][] predictProba(Supplier<? extends Classifier> factory, double[][] X, int[] y,
            CrossValidator cv) {
        List<Fold> folds = split(cv, X, y, "cross_val_predict");
        int[] classes = Data.unique(y);
        double[][] out = new double[y.length][];
        for (Fold fold : folds) {
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

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public static double[][] predictProba(Supplier<? extends Classifier> factory, double[][] X, double[] y,
            CrossValidator cv) {
        return predictProba(factory, X, Data.labels(y), cv);
    }
}
