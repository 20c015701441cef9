package io.cambium.ml.linear;

import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.ml.linalg.Solve;

/**
 * L2-penalized least squares, minimizing ||y - Xw||² + alpha ||w||² (scikit-learn's {@code Ridge});
 * the intercept is not penalized.
 */
public final class Ridge extends LinearModel implements SampleWeighted {
    private final double alpha;
    private final boolean fitIntercept;

    public Ridge(double alpha) {
        this(alpha, true);
    }

    public Ridge(double alpha, boolean fitIntercept) {
        if (alpha < 0) {
            throw new IllegalArgumentException("Ridge: alpha must be >= 0, got " + alpha);
        }
        this.alpha = alpha;
        this.fitIntercept = fitIntercept;
    }

    @Override
    public Ridge fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public Ridge fit(double[][] X, double[] y, double[] sampleWeight) {
        int d = Data.check("Ridge", X, y.length);
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
}
