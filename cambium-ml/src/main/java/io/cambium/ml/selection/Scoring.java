package io.cambium.ml.selection;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.Estimator;
import io.cambium.ml.metrics.Average;
import io.cambium.ml.metrics.ClassificationMetrics;
import io.cambium.ml.metrics.PrecisionRecall;
import io.cambium.ml.metrics.RankingMetrics;
import io.cambium.ml.metrics.RegressionMetrics;

/**
 * A scorer: how a fitted estimator is rated on held-out data, higher is better (scikit-learn's
 * scoring strings; error metrics are negated).
 */
@FunctionalInterface
public interface Scoring {

    /** The score of {@code estimator} on (X, y). */
    double score(Estimator estimator, double[][] X, double[] y);

    /** The estimator's own {@code score}: accuracy for classifiers, R² for regressors. */
    static Scoring estimatorDefault() {
        return Estimator::score;
    }

    /**
     * A scorer by scikit-learn name: accuracy, balanced_accuracy, f1, f1_macro, f1_micro,
     * f1_weighted, precision_macro, recall_macro, roc_auc, neg_log_loss, r2,
     * neg_mean_squared_error, neg_root_mean_squared_error, neg_mean_absolute_error.
     */
    static Scoring of(String name) {
        return switch (name) {
            case "accuracy" -> (e, X, y) -> ClassificationMetrics.accuracy(Data.labels(y), Data.labels(e.predict(X)));
            case "balanced_accuracy" -> (e, X, y) -> ClassificationMetrics.balancedAccuracy(Data.labels(y),
                    Data.labels(e.predict(X)));
            case "f1" -> labels((t, p) -> PrecisionRecall.f1(t, p, Average.BINARY, 0));
            case "f1_macro" -> labels((t, p) -> PrecisionRecall.f1(t, p, Average.MACRO, 0));
            case "f1_micro" -> labels((t, p) -> PrecisionRecall.f1(t, p, Average.MICRO, 0));
            case "f1_weighted" -> labels((t, p) -> PrecisionRecall.f1(t, p, Average.WEIGHTED, 0));
            case "precision_macro" -> labels((t, p) -> PrecisionRecall.precision(t, p, Average.MACRO, 0));
            case "recall_macro" -> labels((t, p) -> PrecisionRecall.recall(t, p, Average.MACRO, 0));
            case "roc_auc" -> (e, X, y) -> {
                double[][] p = classifier(e).predictProba(X);
                double[] pos = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    pos[i] = p[i][p[i].length - 1];
                }
                return RankingMetrics.rocAuc(Data.labels(y), pos);
            };
            case "neg_log_loss" -> (e, X, y) -> -ClassificationMetrics.logLoss(Data.labels(y),
                    classifier(e).predictProba(X));
            case "r2" -> (e, X, y) -> RegressionMetrics.r2(y, e.predict(X));
            case "neg_mean_squared_error" -> (e, X, y) -> -RegressionMetrics.mse(y, e.predict(X));
            case "neg_root_mean_squared_error" -> (e, X, y) -> -RegressionMetrics.rmse(y, e.predict(X));
            case "neg_mean_absolute_error" -> (e, X, y) -> -RegressionMetrics.mae(y, e.predict(X));
            default -> throw new IllegalArgumentException("unknown scoring '" + name + "'");
        };
    }

    private static Classifier classifier(Estimator e) {
        if (e instanceof Classifier c) {
            return c;
        }
        throw new IllegalArgumentException("this scoring needs predicted probabilities, but "
                + e.getClass().getSimpleName() + " is not a Classifier");
    }

    private static Scoring labels(java.util.function.BiFunction<int[], int[], Double> m) {
        return (e, X, y) -> m.apply(Data.labels(y), Data.labels(e.predict(X)));
    }
}
