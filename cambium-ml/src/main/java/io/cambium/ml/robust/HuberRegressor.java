package io.cambium.ml.robust;

import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.ml.linalg.Lbfgs;
import io.cambium.ml.linear.LinearModel;
import io.cambium.tensor.Tensor;

/**
 * Linear regression with the Huber loss and a jointly estimated scale σ, as scikit-learn's
 * {@code HuberRegressor} (Owen 2007): it minimizes over (w, c, σ)
 * <pre>  Σᵢ sᵢ [σ + H_ε((yᵢ - xᵢw - c) / σ) σ] + α ||w||²</pre>
 * where H_ε(z) = z² for |z| ≤ ε and 2ε|z| - ε² beyond. The objective is jointly convex, so the
 * solution does not depend on the optimizer.
 */
public final class HuberRegressor extends LinearModel implements SampleWeighted<double[]> {
    private double epsilon = 1.35;
    private double alpha = 1e-4;
    private boolean fitIntercept = true;
    private int maxIter = 100;
    private double tol = 1e-5;
    private double scale;
    private boolean[] outliers;
    private int nIter;

    /** scikit-learn's defaults: epsilon 1.35, alpha 1e-4, intercept, max_iter 100, tol 1e-5. */
    public HuberRegressor() {
    }

    /**
     * @deprecated use {@code new HuberRegressor().epsilon(e).alpha(a)}
     */
    @Deprecated
    public HuberRegressor(double epsilon, double alpha) {
        epsilon(epsilon).alpha(alpha);
    }

    /**
     * @deprecated use {@code new HuberRegressor().epsilon(e).alpha(a).fitIntercept(b).maxIter(m)}
     */
    @Deprecated
    public HuberRegressor(double epsilon, double alpha, boolean fitIntercept, int maxIter) {
        epsilon(epsilon).alpha(alpha).fitIntercept(fitIntercept).maxIter(maxIter);
    }

    /** Residuals beyond epsilon·σ count linearly (default 1.35; at least 1). */
    public HuberRegressor epsilon(double value) {
        if (!(value >= 1.0)) {
            throw new IllegalArgumentException("HuberRegressor: epsilon must be >= 1.0, got " + value);
        }
        this.epsilon = value;
        return this;
    }

    /** Strength of the squared L2 penalty alpha·||w||² (default 1e-4). */
    public HuberRegressor alpha(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("HuberRegressor: alpha must be >= 0, got " + value);
        }
        this.alpha = value;
        return this;
    }

    /** Whether to fit an intercept (default true). */
    public HuberRegressor fitIntercept(boolean value) {
        this.fitIntercept = value;
        return this;
    }

    /** Maximum number of L-BFGS iterations (default 100). */
    public HuberRegressor maxIter(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("HuberRegressor: max_iter must be >= 1, got " + value);
        }
        this.maxIter = value;
        return this;
    }

    /** Stop when the largest gradient component is at most this (default 1e-5, scipy's gtol). */
    public HuberRegressor tol(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("HuberRegressor: tol must be >= 0, got " + value);
        }
        this.tol = value;
        return this;
    }

    /** L-BFGS iterations of the last fit ({@code n_iter_}). */
    public int nIter() {
        requireFitted();
        return nIter;
    }

    /** The estimated scale σ ({@code scale_}). */
    public double scale() {
        requireFitted();
        return scale;
    }

    /** Training samples whose absolute residual exceeds ε·σ ({@code outliers_}). */
    public boolean[] outliers() {
        requireFitted();
        return outliers.clone();
    }

    @Override
    public HuberRegressor fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public HuberRegressor fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    @Override
    public HuberRegressor fit(double[][] X, double[] y, double[] sampleWeight) {
        int d = Data.check("HuberRegressor", X, y.length);
        int n = X.length;
        Data.checkWeights("HuberRegressor", sampleWeight, n);
        double[] sw = sampleWeight == null ? filled(n) : sampleWeight;
        // Parameters: w[0..d), intercept at d (if fitted), σ last; sklearn starts at w = 0, σ = 1.
        int p = d + (fitIntercept ? 1 : 0) + 1;
        double[] x0 = new double[p];
        x0[p - 1] = 1;
        Lbfgs.Objective f = (theta, g) -> loss(X, y, sw, theta, g, d);
        Lbfgs.Result r = new Lbfgs(10, maxIter, tol).minimize(f, x0);
        nIter = r.iterations();
        double[] t = r.x();
        coef = new double[d];
        System.arraycopy(t, 0, coef, 0, d);
        intercept = fitIntercept ? t[d] : 0;
        scale = t[p - 1];
        outliers = new boolean[n];
        double[] pred = predict(X);
        for (int i = 0; i < n; i++) {
            outliers[i] = Math.abs(y[i] - pred[i]) > scale * epsilon;
        }
        return this;
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    /** The objective at (w, intercept, σ) = t with its gradient written into g; +inf for σ <= 0. */
    double loss(double[][] X, double[] y, double[] sw, double[] t, double[] g, int d) {
        int p = t.length;
        double sigma = t[p - 1];
        java.util.Arrays.fill(g, 0);
        if (!(sigma > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double c = fitIntercept ? t[d] : 0;
        double nSw = 0;
        double squared = 0;
        double outlierLoss = 0;
        double outlierSw = 0;
        for (int i = 0; i < X.length; i++) {
            double r = y[i] - c;
            for (int j = 0; j < d; j++) {
                r -= X[i][j] * t[j];
            }
            nSw += sw[i];
            if (Math.abs(r) > epsilon * sigma) {
                outlierLoss += 2 * epsilon * sw[i] * Math.abs(r);
                outlierSw += sw[i];
                double s = -2 * epsilon * sw[i] * Math.signum(r);
                for (int j = 0; j < d; j++) {
                    g[j] += s * X[i][j];
                }
                if (fitIntercept) {
                    g[d] += s;
                }
            } else {
                squared += sw[i] * r * r;
                double s = -2 * sw[i] * r / sigma;
                for (int j = 0; j < d; j++) {
                    g[j] += s * X[i][j];
                }
                if (fitIntercept) {
                    g[d] += s;
                }
            }
        }
        double reg = 0;
        for (int j = 0; j < d; j++) {
            reg += t[j] * t[j];
            g[j] += 2 * alpha * t[j];
        }
        g[p - 1] = nSw - outlierSw * epsilon * epsilon - squared / (sigma * sigma);
        return nSw * sigma + squared / sigma + outlierLoss - sigma * outlierSw * epsilon * epsilon + alpha * reg;
    }
}
