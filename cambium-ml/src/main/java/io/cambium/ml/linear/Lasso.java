package io.cambium.ml.linear;

import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.tensor.Tensor;

/**
 * L1-penalized least squares by cyclic coordinate descent, minimizing
 * (1 / (2n)) ||y - Xw||² + alpha ||w||₁ (scikit-learn's {@code Lasso}); iteration stops when the
 * largest coefficient update is small and the duality gap is below {@code tol · ||y||²}. Sample
 * weights are rescaled to sum to n and weight each squared residual, as scikit-learn does.
 */
public final class Lasso extends LinearModel implements SampleWeighted<double[]> {
    private double alpha = 1.0;
    private boolean fitIntercept = true;
    private int maxIter = 1000;
    private double tol = 1e-4;
    private int iterations;

    /** scikit-learn's defaults: alpha 1, intercept, max_iter 1000, tol 1e-4. */
    public Lasso() {
    }

    /** With the given alpha and scikit-learn's other defaults. */
    public Lasso(double alpha) {
        alpha(alpha);
    }

    /**
     * @deprecated use {@code new Lasso().alpha(a).fitIntercept(b).maxIter(m).tol(t)}
     */
    @Deprecated
    public Lasso(double alpha, boolean fitIntercept, int maxIter, double tol) {
        alpha(alpha).fitIntercept(fitIntercept).maxIter(maxIter).tol(tol);
    }

    /** Strength of the L1 penalty (default 1). */
    public Lasso alpha(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("Lasso: alpha must be >= 0, got " + value);
        }
        this.alpha = value;
        return this;
    }

    /** Whether to fit an intercept (default true). */
    public Lasso fitIntercept(boolean value) {
        this.fitIntercept = value;
        return this;
    }

    /** Maximum number of coordinate-descent sweeps (default 1000). */
    public Lasso maxIter(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Lasso: max_iter must be >= 1, got " + value);
        }
        this.maxIter = value;
        return this;
    }

    /** Tolerance of the stopping rule (default 1e-4). */
    public Lasso tol(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("Lasso: tol must be >= 0, got " + value);
        }
        this.tol = value;
        return this;
    }

    /** Coordinate-descent sweeps used by the last fit. */
    public int iterations() {
        return iterations;
    }

    /** scikit-learn's name for {@link #iterations()}: sweeps used by the last fit. */
    public int nIter() {
        return iterations();
    }

    @Override
    public Lasso fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public Lasso fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    @Override
    public Lasso fit(double[][] X, double[] y, double[] sampleWeight) {
        int d = Data.check("Lasso", X, y.length);
        int n = X.length;
        Data.checkWeights("Lasso", sampleWeight, n);
        double[] sw = null;
        if (sampleWeight != null) {
            double total = 0;
            for (double w : sampleWeight) {
                total += w;
            }
            sw = new double[n];
            for (int i = 0; i < n; i++) {
                sw[i] = sampleWeight[i] * (n / total);
            }
        }
        Centered c = Centered.of(X, y, sw, fitIntercept);
        double[][] x = c.X();
        double[] r = c.y().clone();
        double[] w = new double[d];
        double[] norm2 = new double[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                norm2[j] += x[i][j] * x[i][j];
            }
        }
        double l1 = alpha * n;
        double yNorm2 = 0;
        for (double v : r) {
            yNorm2 += v * v;
        }
        double tolAbs = tol * yNorm2;
        iterations = 0;
        for (int it = 0; it < maxIter; it++) {
            iterations = it + 1;
            double maxW = 0;
            double maxDw = 0;
            for (int j = 0; j < d; j++) {
                if (norm2[j] == 0) {
                    continue;
                }
                double old = w[j];
                double rho = 0;
                for (int i = 0; i < n; i++) {
                    rho += x[i][j] * (r[i] + old * x[i][j]);
                }
                double nw = Math.signum(rho) * Math.max(Math.abs(rho) - l1, 0) / norm2[j];
                if (nw != old) {
                    for (int i = 0; i < n; i++) {
                        r[i] -= (nw - old) * x[i][j];
                    }
                }
                w[j] = nw;
                maxDw = Math.max(maxDw, Math.abs(nw - old));
                maxW = Math.max(maxW, Math.abs(nw));
            }
            if (maxW == 0 || maxDw / maxW < tol || it == maxIter - 1) {
                if (dualityGap(x, r, w, l1) < tolAbs) {
                    break;
                }
            }
        }
        coef = w;
        intercept = fitIntercept ? c.intercept(coef) : 0;
        return this;
    }

    private static double dualityGap(double[][] x, double[] r, double[] w, double l1) {
        int n = x.length;
        int d = w.length;
        double dualNormXtA = 0;
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i][j] * r[i];
            }
            dualNormXtA = Math.max(dualNormXtA, Math.abs(s));
        }
        double rNorm2 = 0;
        double ry = 0;
        for (int i = 0; i < n; i++) {
            rNorm2 += r[i] * r[i];
        }
        double wNorm1 = 0;
        for (double v : w) {
            wNorm1 += Math.abs(v);
        }
        double constant;
        double gap;
        if (dualNormXtA > l1) {
            constant = l1 / dualNormXtA;
            gap = 0.5 * (rNorm2 + rNorm2 * constant * constant);
        } else {
            constant = 1;
            gap = rNorm2;
        }
        // R·y = R·(R + Xw): the residual inner product with the centred target.
        for (int i = 0; i < n; i++) {
            double xw = 0;
            for (int j = 0; j < d; j++) {
                xw += x[i][j] * w[j];
            }
            ry += r[i] * (r[i] + xw);
        }
        return gap + l1 * wNorm1 - constant * ry;
    }
}
