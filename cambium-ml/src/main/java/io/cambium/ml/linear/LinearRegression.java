package io.cambium.ml.linear;

import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.ml.linalg.Solve;

/** Ordinary least squares, as scikit-learn's {@code LinearRegression}. */
public final class LinearRegression extends LinearModel implements SampleWeighted {
    private final boolean fitIntercept;

    /** With an intercept. */
    public LinearRegression() {
        this(true);
    }

    public LinearRegression(boolean fitIntercept) {
        this.fitIntercept = fitIntercept;
    }

    @Override
    public LinearRegression fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public LinearRegression fit(double[][] X, double[] y, double[] sampleWeight) {
        Data.check("LinearRegression", X, y.length);
        Centered c = Centered.of(X, y, sampleWeight, fitIntercept);
        coef = Solve.leastSquares(c.X(), c.y());
        intercept = fitIntercept ? c.intercept(coef) : 0;
        return this;
    }
}
