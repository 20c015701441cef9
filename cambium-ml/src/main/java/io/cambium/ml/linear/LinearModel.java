package io.cambium.ml.linear;

import io.cambium.ml.Data;
import io.cambium.ml.Regressor;

/** A fitted linear predictor y = X·coef + intercept, shared by the linear regressors. */
public abstract class LinearModel implements Regressor {
    protected double[] coef;
    protected double intercept;

    /** Coefficients, one per feature (a copy; scikit-learn's {@code coef_}). */
    public double[] coef() {
        requireFitted();
        return coef.clone();
    }

    /** The intercept (0 when not fitted; scikit-learn's {@code intercept_}). */
    public double intercept() {
        requireFitted();
        return intercept;
    }

    /** Number of features seen in {@code fit} ({@code n_features_in_}). */
    public int nFeaturesIn() {
        requireFitted();
        return coef.length;
    }

    protected void requireFitted() {
        if (coef == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not fitted yet; call fit first");
        }
    }

    @Override
    public double[] predict(double[][] X) {
        requireFitted();
        Data.checkFeatures(getClass().getSimpleName(), X, coef.length);
        double[] out = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            double s = intercept;
            for (int j = 0; j < coef.length; j++) {
                s += X[i][j] * coef[j];
            }
            out[i] = s;
        }
        return out;
    }
}
