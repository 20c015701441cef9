package io.cambium.ml.selection;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.Estimator;
import io.cambium.ml.metrics.Average;
import io.cambium.ml.metrics.ClassificationMetrics;
import io.cambium.ml.metrics.PrecisionRecall;
import io.cambium.ml.metrics.RankingMetrics;
import io.cambium.ml.metrics.RegressionMetrics;
import java.util.function.BiFunction;

/**
 * A scorer: how a fitted estimator is rated on held-out data, higher is better (scikit-learn's
 * scoring strings; error metrics are negated).
 *
 * @param <Y> the target type: {@code int[]} labels or {@code double[]} values
 */
@FunctionalInterface
public interface Scoring<Y> {

    /** The score of {@code estimator} on (X, y). */
    double score(Estimator<Y> estimator, double[][] X, Y y);

    /** The estimator's own {@code score}: accuracy for classifiers, R² for regressors. */
    static <Y> Scoring<Y> estimatorDefault() {
        return Estimator::score;
    }

    /**
     * A scorer by scikit-learn name. Classification: accuracy, balanced_accuracy, f1, f1_macro,
     * f1_micro, f1_weighted, precision, precision_macro, precision_micro, precision_weighted,
     * recall, recall_macro, recall_micro, recall_weighted, matthews_corrcoef, roc_auc,
     * roc_auc_ovr, roc_auc_ovr_weighted, average_precision, neg_log_loss, top_k_accuracy (k = 2).
     * Regression: r2, explained_variance, neg_mean_squared_error, neg_root_mean_squared_error,
     * neg_mean_absolute_error, neg_mean_absolute_percentage_error.
     */
    static <Y> Scoring<Y> of(String name) {
        return switch (name) {
            case "accuracy" -> labels(ClassificationMetrics::accuracy);
            case "balanced_accuracy" -> labels(ClassificationMetrics::balancedAccuracy);
            case "matthews_corrcoef" -> labels(ClassificationMetrics::matthews);
            case "f1" -> labels((t, p) -> PrecisionRecall.f1(t, p, Average.BINARY, 0));
            case "f1_macro" -> labels((t, p) -> PrecisionRecall.f1(t, p, Average.MACRO, 0));
            case "f1_micro" -> labels((t, p) -> PrecisionRecall.f1(t, p, Average.MICRO, 0));
            case "f1_weighted" -> labels((t, p) -> PrecisionRecall.f1(t, p, Average.WEIGHTED, 0));
            case "precision" -> labels((t, p) -> PrecisionRecall.precision(t, p, Average.BINARY, 0));
            case "precision_macro" -> labels((t, p) -> PrecisionRecall.precision(t, p, Average.MACRO, 0));
            case "precision_micro" -> labels((t, p) -> PrecisionRecall.precision(t, p, Average.MICRO, 0));
            case "precision_weighted" -> labels((t, p) -> PrecisionRecall.precision(t, p, Average.WEIGHTED, 0));
            case "recall" -> labels((t, p) -> PrecisionRecall.recall(t, p, Average.BINARY, 0));
            case "recall_macro" -> labels((t, p) -> PrecisionRecall.recall(t, p, Average.MACRO, 0));
            case "recall_micro" -> labels((t, p) -> PrecisionRecall.recall(t, p, Average.MICRO, 0));
            case "recall_weighted" -> labels((t, p) -> PrecisionRecall.recall(t, p, Average.WEIGHTED, 0));
            case "roc_auc" -> (e, X, y) -> RankingMetrics.rocAuc(Data.labels(y), lastColumn(classifier(e), X));
            case "average_precision" -> (e, X, y) -> {
                Classifier c = classifier(e);
                int[] classes = c.classes();
                return RankingMetrics.averagePrecision(Data.labels(y), lastColumn(c, X), classes[classes.length - 1],
                        null);
            };
            case "roc_auc_ovr" -> (e, X, y) -> RankingMetrics.rocAucOvr(Data.labels(y),
                    classifier(e).predictProba(X), Average.MACRO);
            case "roc_auc_ovr_weighted" -> (e, X, y) -> RankingMetrics.rocAucOvr(Data.labels(y),
                    classifier(e).predictProba(X), Average.WEIGHTED);
            case "neg_log_loss" -> (e, X, y) -> {
                Classifier c = classifier(e);
                return -ClassificationMetrics.logLoss(Data.labels(y), c.predictProba(X), c.classes(), null);
            };
            case "top_k_accuracy" -> (e, X, y) -> {
                Classifier c = classifier(e);
                return ClassificationMetrics.topKAccuracy(Data.labels(y), c.predictProba(X), 2, c.classes());
            };
            case "r2" -> values(RegressionMetrics::r2);
            case "explained_variance" -> values(RegressionMetrics::explainedVariance);
            case "neg_mean_squared_error" -> values((t, p) -> -RegressionMetrics.mse(t, p));
            case "neg_root_mean_squared_error" -> values((t, p) -> -RegressionMetrics.rmse(t, p));
            case "neg_mean_absolute_error" -> values((t, p) -> -RegressionMetrics.mae(t, p));
            case "neg_mean_absolute_percentage_error" -> values((t, p) -> -RegressionMetrics.mape(t, p));
            default -> throw new IllegalArgumentException("unknown scoring '" + name + "'");
        };
    }

    private static Classifier classifier(Estimator<?> e) {
        if (e instanceof Classifier c) {
            return c;
        }
        throw new IllegalArgumentException("this scoring needs predicted probabilities, but "
                + e.getClass().getSimpleName() + " is not a Classifier");
    }

    /** The probability of the greater class, the score of binary ranking metrics. */
    private static double[] lastColumn(Classifier c, double[][] X) {
        double[][] p = c.predictProba(X);
        double[] pos = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            pos[i] = p[i][p[i].length - 1];
        }
        return pos;
    }

    private static <Y> Scoring<Y> labels(BiFunction<int[], int[], Double> m) {
        return (e, X, y) -> m.apply(Data.labels(y), Data.labels(e.predict(X)));
    }

    private static <Y> Scoring<Y> values(BiFunction<double[], double[], Double> m) {
        return (e, X, y) -> m.apply(Data.values(y), Data.values(e.predict(X)));
    }
}
