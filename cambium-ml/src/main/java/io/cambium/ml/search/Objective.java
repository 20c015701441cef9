package io.cambium.ml.search;

import io.cambium.ml.Data;
import io.cambium.ml.Estimator;
import io.cambium.ml.selection.CrossValidator;
import io.cambium.ml.selection.Fold;
import io.cambium.ml.selection.Scoring;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What a search evaluates at a point of the space. Whether higher or lower is better is the
 * search's setting ({@link HyperparameterSearch#minimize()}).
 */
@FunctionalInterface
public interface Objective {

    /** Evaluates the point {@code params}. Must be safe to call from several threads at once. */
    Evaluation evaluate(Map<String, Object> params);

    /** A plain function of the hyperparameters. */
    static Objective of(ToDoubleFunction<Map<String, Object>> f) {
        return p -> Evaluation.of(f.applyAsDouble(p));
    }

    /**
     * k-fold cross-validation of the estimator that {@code build} makes from the trial's
     * hyperparameters: each fold fits a fresh estimator on its training part and scores it on the
     * held-out part. {@code build} may return a classical estimator or an adapter around a neural
     * network built and trained from the parameters.
     */
    static <Y> Objective crossValidated(Function<Map<String, Object>, ? extends Estimator<Y>> build, double[][] X,
            Y y, CrossValidator cv, Scoring<Y> scoring) {
        Data.check("cross-validated objective", X, Data.length(y));
        List<Fold> folds = y instanceof int[] labels ? cv.split(labels) : cv.split((double[]) y);
        return params -> {
            double[] scores = new double[folds.size()];
            for (int f = 0; f < folds.size(); f++) {
                Fold fold = folds.get(f);
                Estimator<Y> e = build.apply(params);
                e.fit(Data.rows(X, fold.train()), Data.subset(y, fold.train()));
                scores[f] = scoring.score(e, Data.rows(X, fold.test()), Data.subset(y, fold.test()));
            }
            return Evaluation.ofFolds(scores);
        };
    }
}
