package io.cambium.ml.linear;

import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.ml.linalg.Solve;
import io.cambium.tensor.Tensor;

/**
 * L2-penalized least squares, minimizing ||y - Xw||² + alpha ||w||² (scikit-learn's {@code Ridge});
 * the intercept is not penalized. Solved directly, so scikit-learn's {@code tol} and
 * {@code max_iter} (for its iterative solvers) do not apply.
 */
public final class Ridge extends LinearModel implements SampleWeighted<double[]> {
    private double alpha = 1.0;
    private boolean fitIntercept = true;

    /** scikit-learn's defaults: alpha 1, intercept. */
    public Ridge() {
    }

    /** With the given alpha. */
    public Ridge(double alpha) {
        alpha(alpha);
    }

    /**
     * @deprecated use {@code new Ridge().alpha(a).fitIntercept(b)}
     */
    @Deprecated
    public Ridge(double alpha, boolean fitIntercept) {
        alpha(alpha);
        this.fitIntercept = fitIntercept;
    }

    /** Regularization strength (default 1). */
    public Ridge alpha(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("Ridge: alpha must be >= 0, got " + value);
        }
        this.alpha = value;
        return this;
    }

    /** Whether to fit an intercept (default true). */
    public Ridge fitIntercept(boolean value) {
        this.fitIntercept = value;
        return this;
    }

    @Override
    public Ridge fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public Ridge fit(double[][] X, double[] y, double[] sampleWeight) {
        int d = Data.check("Ridge", X, y.length);
        Data.checkWeights("Ridge", sampleWeight, y.length);
        Centered c = Centered.of(X, y, sampleWeight, fitIntercept);
        double[][] A = new double[d][d];
        double[] b = new double[d];
        for (int i = 0; i < X.length; i++) {
            double[] xi = c.X()[i];
            for (int p = 0; p < d; p++) {
                b[p] += xi[p] * c.y()[i];
                for (int q = 0; q < d; q++) {
                    A[p][q] += xi[p] * xi[q];
                }
            }
        }
        for (int p = 0; p < d; p++) {
            A[p][p] += alpha;
        }
        coef = alpha > 0 ? Solve.cholesky(A, b) : Solve.leastSquares(c.X(), c.y());
        intercept = fitIntercept ? c.intercept(coef) : 0;
        return this;
    }

    @Override
    public Ridge fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }
}
