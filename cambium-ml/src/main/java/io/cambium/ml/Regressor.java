package io.cambium.ml;

import io.cambium.ml.metrics.RegressionMetrics;

/** An estimator of real-valued targets. */
public interface Regressor extends Estimator {

    /** Coefficient of determination R², as scikit-learn's {@code RegressorMixin.score}. */
    @Override
    default double score(double[][] X, double[] y) {
        return RegressionMetrics.r2(y, predict(X));
    }
}
