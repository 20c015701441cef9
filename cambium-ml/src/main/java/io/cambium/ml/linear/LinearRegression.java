package io.cambium.ml.linear;

import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.ml.linalg.Solve;
import io.cambium.tensor.Tensor;

/** Ordinary least squares, as scikit-learn's {@code LinearRegression}. */
public final class LinearRegression extends LinearModel implements SampleWeighted<double[]> {
    private boolean fitIntercept = true;

    /** With an intercept. */
    public LinearRegression() {
    }

    /**
     * @deprecated use {@code new LinearRegression().fitIntercept(false)}
     */
    @Deprecated
    public LinearRegression(boolean fitIntercept) {
        this.fitIntercept = fitIntercept;
    }

    /** Whether to fit an intercept (default true). */
    public LinearRegression fitIntercept(boolean value) {
        this.fitIntercept = value;
        return this;
    }

    @Override
    public LinearRegression fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public LinearRegression fit(double[][] X, double[] y, double[] sampleWeight) {
        Data.check("LinearRegression", X, y.length);
        Data.checkWeights("LinearRegression", sampleWeight, y.length);
        Centered c = Centered.of(X, y, sampleWeight, fitIntercept);
        coef = Solve.leastSquares(c.X(), c.y());
        intercept = fitIntercept ? c.intercept(coef) : 0;
        return this;
    }

    @Override
    public LinearRegression fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }
}
