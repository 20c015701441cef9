package io.cambium.ml.robust;

import io.cambium.Cambium;
import io.cambium.ml.Data;
import io.cambium.ml.linalg.Solve;
import io.cambium.ml.linear.LinearModel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Theil-Sen regression, as scikit-learn's {@code TheilSenRegressor}: least-squares fits on
 * subsets of {@code nSubsamples} rows (all subsets when there are at most
 * {@code maxSubpopulation}, else that many random ones), combined by their spatial median
 * (modified Weiszfeld iterations).
 */
public final class TheilSenRegressor extends LinearModel {
    private static final double EPS = Math.ulp(1.0);
    private boolean fitIntercept = true;
    private int maxSubpopulation = 10_000;
    private int nSubsamples = -1;
    private int maxIter = 300;
    private double tol = 1e-3;
    private Long seed;
    private int subpopulation;
    private int nIter;
    private double breakdown;

    /**
     * scikit-learn's defaults: intercept, at most 10 000 subsets, minimal subsets (features + 1),
     * 300 iterations, tolerance 1e-3; the random state (used only when subsets are sampled) is
     * drawn from {@link Cambium#rng()} at fit time unless set.
     */
    public TheilSenRegressor() {
    }

    /**
     * @deprecated use {@code new TheilSenRegressor().randomState(seed)}
     */
    @Deprecated
    public TheilSenRegressor(long seed) {
        randomState(seed);
    }

    /**
     * @param nSubsamples rows per subset; -1 for the minimum (features + 1 with an intercept)
     * @deprecated use the fluent setters: {@code new TheilSenRegressor().fitIntercept(b)
     *     .maxSubpopulation(m).nSubsamples(k).maxIter(i).tol(t).randomState(seed)}
     */
    @Deprecated
    public TheilSenRegressor(boolean fitIntercept, int maxSubpopulation, int nSubsamples, int maxIter, double tol,
            long seed) {
        fitIntercept(fitIntercept).maxSubpopulation(maxSubpopulation).maxIter(maxIter).tol(tol).randomState(seed);
        this.nSubsamples = nSubsamples;
    }

    /** Whether to fit an intercept (default true). */
    public TheilSenRegressor fitIntercept(boolean value) {
        this.fitIntercept = value;
        return this;
    }

    /** Largest number of subsets; beyond it, that many random subsets are used (default 10 000). */
    public TheilSenRegressor maxSubpopulation(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("TheilSenRegressor: max_subpopulation must be >= 1, got " + value);
        }
        this.maxSubpopulation = value;
        return this;
    }

    /** Rows per subset (default: features + 1 with an intercept, the most robust choice). */
    public TheilSenRegressor nSubsamples(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("TheilSenRegressor: n_subsamples must be >= 1, got " + value);
        }
        this.nSubsamples = value;
        return this;
    }

    /** Maximum iterations of the spatial median (default 300). */
    public TheilSenRegressor maxIter(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("TheilSenRegressor: max_iter must be >= 1, got " + value);
        }
        this.maxIter = value;
        return this;
    }

    /** Tolerance of the spatial median (default 1e-3). */
    public TheilSenRegressor tol(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("TheilSenRegressor: tol must be >= 0, got " + value);
        }
        this.tol = value;
        return this;
    }

    /** Seed of the subset sampling, for reproducible fits (default: drawn from {@link Cambium#rng()}). */
    public TheilSenRegressor randomState(long value) {
        this.seed = value;
        return this;
    }

    /** Number of subsets used by the last fit ({@code n_subpopulation_}). */
    public int subpopulation() {
        return subpopulation;
    }

    /** Index of the last spatial-median iteration of the last fit (scikit-learn's {@code n_iter_}). */
    public int nIter() {
        requireFitted();
        return nIter;
    }

    /** Approximate breakdown point of the last fit ({@code breakdown_}). */
    public double breakdown() {
        requireFitted();
        return breakdown;
    }

    @Override
    public TheilSenRegressor fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    @Override
    public TheilSenRegressor fit(double[][] X, double[] y) {
        int d = Data.check("TheilSenRegressor", X, y.length);
        int n = X.length;
        int p = d + (fitIntercept ? 1 : 0);
        int sub = nSubsamples < 0 ? p : nSubsamples;
        if (sub < p || sub > n) {
            throw new IllegalArgumentException("TheilSenRegressor: n_subsamples must be between " + p + " and " + n
                    + ", got " + sub);
        }
        double all = binomial(n, sub);
        List<int[]> subsets = new ArrayList<>();
        if (all <= maxSubpopulation) {
            int[] c = new int[sub];
            for (int i = 0; i < sub; i++) {
                c[i] = i;
            }
            while (true) {
                subsets.add(c.clone());
                int i = sub - 1;
                while (i >= 0 && c[i] == n - sub + i) {
                    i--;
                }
                if (i < 0) {
                    break;
                }
                c[i]++;
                for (int j = i + 1; j < sub; j++) {
                    c[j] = c[j - 1] + 1;
                }
            }
        } else {
            Rng rng = new Rng(seed != null ? seed : Cambium.rng().nextLong());
            for (int s = 0; s < maxSubpopulation; s++) {
                int[] perm = rng.permutation(n);
                int[] c = new int[sub];
                System.arraycopy(perm, 0, c, 0, sub);
                java.util.Arrays.sort(c);
                subsets.add(c);
            }
        }
        subpopulation = subsets.size();
        double[][] params = new double[subsets.size()][];
        for (int s = 0; s < params.length; s++) {
            int[] idx = subsets.get(s);
            double[][] A = new double[sub][p];
            double[] b = new double[sub];
            for (int r = 0; r < sub; r++) {
                int off = 0;
                if (fitIntercept) {
                    A[r][0] = 1;
                    off = 1;
                }
                System.arraycopy(X[idx[r]], 0, A[r], off, d);
                b[r] = y[idx[r]];
            }
            params[s] = Solve.leastSquares(A, b);
        }
        int[] iterations = new int[1];
        double[] median = spatialMedian(params, maxIter, tol, iterations);
        nIter = iterations[0];
        breakdown = 1 - (Math.pow(0.5, 1.0 / sub) * (n - sub + 1) + sub - 1) / n;
        coef = new double[d];
        System.arraycopy(median, fitIntercept ? 1 : 0, coef, 0, d);
        intercept = fitIntercept ? median[0] : 0;
        return this;
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return Math.rint(r);
    }

    /** The spatial (L1) median of the rows of P by modified Weiszfeld steps; a 1-D median directly. */
    static double[] spatialMedian(double[][] P, int maxIter, double tol, int[] iterations) {
        int m = P.length;
        int p = P[0].length;
        if (p == 1) {
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = P[i][0];
            }
            java.util.Arrays.sort(v);
            iterations[0] = 1;
            return new double[] {m % 2 == 1 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2};
        }
        double tol2 = tol * tol;
        double[] old = new double[p];
        for (double[] row : P) {
            for (int j = 0; j < p; j++) {
                old[j] += row[j] / m;
            }
        }
        for (int it = 0; it < maxIter; it++) {
            iterations[0] = it;
            double[] next = weiszfeldStep(P, old);
            double change = 0;
            for (int j = 0; j < p; j++) {
                change += (old[j] - next[j]) * (old[j] - next[j]);
            }
            old = next;
            if (change < tol2) {
                break;
            }
        }
        return old;
    }

    private static double[] weiszfeldStep(double[][] P, double[] x) {
        int p = x.length;
        double[] quotient = new double[p];
        double[] num = new double[p];
        double invSum = 0;
        int atPoint = 0;
        for (double[] row : P) {
            double norm = 0;
            for (int j = 0; j < p; j++) {
                norm += (row[j] - x[j]) * (row[j] - x[j]);
            }
            norm = Math.sqrt(norm);
            if (norm < EPS) {
                atPoint = 1;
                continue;
            }
            for (int j = 0; j < p; j++) {
                quotient[j] += (row[j] - x[j]) / norm;
                num[j] += row[j] / norm;
            }
            invSum += 1 / norm;
        }
        double qNorm = 0;
        for (double v : quotient) {
            qNorm += v * v;
        }
        qNorm = Math.sqrt(qNorm);
        double[] direction = new double[p];
        if (qNorm > EPS) {
            for (int j = 0; j < p; j++) {
                direction[j] = num[j] / invSum;
            }
        } else {
            java.util.Arrays.fill(direction, 1.0);
            qNorm = 1;
        }
        double a = Math.max(0, 1 - atPoint / qNorm);
        double b = Math.min(1, atPoint / qNorm);
        double[] out = new double[p];
        for (int j = 0; j < p; j++) {
            out[j] = a * direction[j] + b * x[j];
        }
        return out;
    }
}
