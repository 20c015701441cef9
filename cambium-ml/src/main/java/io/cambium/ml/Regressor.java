package io.cambium.ml;

import io.cambium.ml.metrics.RegressionMetrics;
import io.cambium.tensor.Tensor;

/** An estimator of real-valued targets. */
public interface Regressor extends Estimator<double[]> {

    @Override
    Regressor fit(double[][] X, double[] y);

    /** Coefficient of determination R², as scikit-learn's {@code RegressorMixin.score}. */
    @Override
    default double score(double[][] X, double[] y) {
        return score(X, y, null);
    }

    /** Weighted R². */
    @Override
    default double score(double[][] X, double[] y, double[] sampleWeight) {
        return RegressionMetrics.r2(y, predict(X), sampleWeight);
    }

    /** {@link #fit(double[][], double[])} with a [n, features] tensor and a [n] tensor. */
    default Regressor fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    /**
     * Integer targets.
     *
     * @deprecated convert with {@link Data#toDouble(int[])}
     */
    @Deprecated
    default Regressor fit(double[][] X, int[] y) {
        return fit(X, Data.toDouble(y));
    }
}
