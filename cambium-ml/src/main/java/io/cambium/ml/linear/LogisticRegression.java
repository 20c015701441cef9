package io.cambium.ml.linear;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.ml.imbalance.ClassWeights;
import io.cambium.ml.linalg.Lbfgs;
import io.cambium.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * L2-regularized logistic regression as scikit-learn's {@code LogisticRegression} with the lbfgs
 * solver: it minimizes {@code Σ sᵢ · logloss(i) + ||W||² / (2C)} (intercept not penalized), with a
 * single weight vector for two classes and a multinomial (softmax) model for more. Iteration
 * stops when every gradient component is at most {@code tol} (scipy's {@code gtol}) or after
 * {@code maxIter} iterations.
 */
public final class LogisticRegression implements Classifier, SampleWeighted<int[]> {
    private double C = 1.0;
    private boolean fitIntercept = true;
    private int maxIter = 100;
    private double tol = 1e-4;
    private boolean balanced;
    private Map<Integer, Double> classWeight;
    private int[] classes;
    private double[][] coef;
    private double[] intercept;
    private int features;
    private int nIter;
    private boolean converged;

    /** scikit-learn's defaults: C 1, intercept, max_iter 100, tol 1e-4, no class weights. */
    public LogisticRegression() {
    }

    /** With the given inverse regularization strength and scikit-learn's other defaults. */
    public LogisticRegression(double C) {
        C(C);
    }

    /**
     * @param C inverse regularization strength
     * @param balanced weight classes by {@code n / (k · count)} (class_weight="balanced")
     * @deprecated use {@code new LogisticRegression().C(c).fitIntercept(b).maxIter(m).tol(t).classWeight("balanced")}
     */
    @Deprecated
    public LogisticRegression(double C, boolean fitIntercept, int maxIter, double tol, boolean balanced) {
        C(C).fitIntercept(fitIntercept).maxIter(maxIter).tol(tol);
        this.balanced = balanced;
    }

    /** Inverse regularization strength (default 1); smaller is stronger. */
    public LogisticRegression C(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("LogisticRegression: C must be positive, got " + value);
        }
        this.C = value;
        return this;
    }

    /** Whether to fit an intercept (default true). */
    public LogisticRegression fitIntercept(boolean value) {
        this.fitIntercept = value;
        return this;
    }

    /** Maximum number of L-BFGS iterations (default 100). */
    public LogisticRegression maxIter(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("LogisticRegression: max_iter must be >= 1, got " + value);
        }
        this.maxIter = value;
        return this;
    }

    /** Stop when the largest gradient component is at most this (default 1e-4). */
    public LogisticRegression tol(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("LogisticRegression: tol must be >= 0, got " + value);
        }
        this.tol = value;
        return this;
    }

    /** "balanced": weights {@code n / (k · count(c))} per class (scikit-learn's class_weight). */
    public LogisticRegression classWeight(String mode) {
        if (!"balanced".equals(mode)) {
            throw new IllegalArgumentException("LogisticRegression: class_weight must be \"balanced\" or a map from"
                    + " class label to weight, got \"" + mode + "\"");
        }
        this.balanced = true;
        this.classWeight = null;
        return this;
    }

    /** Weights per class label; classes not in the map weigh 1 (scikit-learn's class_weight dict). */
    public LogisticRegression classWeight(Map<Integer, Double> weights) {
        this.classWeight = weights == null ? null : Map.copyOf(weights);
        this.balanced = false;
        return this;
    }

    /** L-BFGS iterations of the last fit ({@code n_iter_}). */
    public int nIter() {
        requireFitted();
        return nIter;
    }

    /** Whether the last fit reached {@code tol} within {@code maxIter} iterations. */
    public boolean converged() {
        requireFitted();
        return converged;
    }

    /** Number of features seen in {@code fit} ({@code n_features_in_}). */
    public int nFeaturesIn() {
        requireFitted();
        return features;
    }

    @Override
    public int[] classes() {
        requireFitted();
        return classes.clone();
    }

    /** Coefficients [1, features] for two classes, [classes, features] otherwise (sklearn's coef_). */
    public double[][] coef() {
        requireFitted();
        double[][] out = new double[coef.length][];
        for (int i = 0; i < coef.length; i++) {
            out[i] = coef[i].clone();
        }
        return out;
    }

    /** Intercepts, one per row of {@link #coef()}. */
    public double[] intercept() {
        requireFitted();
        return intercept.clone();
    }

    private void requireFitted() {
        if (coef == null) {
            throw new IllegalStateException("LogisticRegression is not fitted yet; call fit first");
        }
    }

    @Override
    public LogisticRegression fit(double[][] X, int[] y) {
        return fit(X, y, null);
    }

    @Override
    public LogisticRegression fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.labels(y));
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    @Override
    public LogisticRegression fit(double[][] X, double[] y) {
        return fit(X, Data.labels(y), null);
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public LogisticRegression fit(double[][] X, double[] y, double[] sampleWeight) {
        return fit(X, Data.labels(y), sampleWeight);
    }

    @Override
    public LogisticRegression fit(double[][] X, int[] labels, double[] sampleWeight) {
        int d = Data.check("LogisticRegression", X, labels.length);
        int n = X.length;
        Data.checkWeights("LogisticRegression", sampleWeight, n);
        classes = Data.unique(labels);
        if (classes.length < 2) {
            throw new IllegalArgumentException("LogisticRegression needs samples of at least 2 classes; the data "
                    + "contains only class " + classes[0]);
        }
        features = d;
        int[] enc = Data.encode(labels, classes);
        double[] sw = new double[n];
        double[] cw = balanced ? ClassWeights.balanced(labels)
                : classWeight != null ? ClassWeights.of(classWeight, classes) : null;
        for (int i = 0; i < n; i++) {
            sw[i] = (sampleWeight == null ? 1 : sampleWeight[i]) * (cw == null ? 1 : cw[enc[i]]);
        }
        int k = classes.length == 2 ? 1 : classes.length;
        int stride = d + (fitIntercept ? 1 : 0);
        Lbfgs.Objective f = (w, g) -> objective(X, enc, sw, w, g, k);
        Lbfgs.Result r = new Lbfgs(20, maxIter, tol).minimize(f, new double[k * stride]);
        nIter = r.iterations();
        converged = r.converged();
        coef = new double[k][d];
        intercept = new double[k];
        for (int c = 0; c < k; c++) {
            System.arraycopy(r.x(), c * stride, coef[c], 0, d);
            intercept[c] = fitIntercept ? r.x()[c * stride + d] : 0;
        }
        return this;
    }

    /**
     * The penalized objective at parameters w ([k · (features + intercept)], one block per class;
     * k = 1 for two classes) with its gradient written into g.
     */
    double objective(double[][] X, int[] enc, double[] sw, double[] w, double[] g, int k) {
        int d = X[0].length;
        return k == 1 ? binary(X, enc, sw, w, g, d) : multinomial(X, enc, sw, w, g, d, k);
    }

    private double binary(double[][] X, int[] enc, double[] sw, double[] w, double[] g, int d) {
        Arrays.fill(g, 0);
        double loss = 0;
        for (int i = 0; i < X.length; i++) {
            double z = fitIntercept ? w[d] : 0;
            for (int j = 0; j < d; j++) {
                z += X[i][j] * w[j];
            }
            double yi = enc[i];
            // log(1 + e^z) - y z, computed stably.
            loss += sw[i] * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - yi * z);
            double p = 1 / (1 + Math.exp(-z));
            double r = sw[i] * (p - yi);
            for (int j = 0; j < d; j++) {
                g[j] += r * X[i][j];
            }
            if (fitIntercept) {
                g[d] += r;
            }
        }
        double reg = 0;
        for (int j = 0; j < d; j++) {
            reg += w[j] * w[j];
            g[j] += w[j] / C;
        }
        return loss + 0.5 * reg / C;
    }

    private double multinomial(double[][] X, int[] enc, double[] sw, double[] w, double[] g, int d, int k) {
        Arrays.fill(g, 0);
        int stride = d + (fitIntercept ? 1 : 0);
        double loss = 0;
        double[] z = new double[k];
        for (int i = 0; i < X.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = fitIntercept ? w[c * stride + d] : 0;
                for (int j = 0; j < d; j++) {
                    s += X[i][j] * w[c * stride + j];
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(z[c] - max);
            }
            double lse = max + Math.log(sum);
            loss += sw[i] * (lse - z[enc[i]]);
            for (int c = 0; c < k; c++) {
                double r = sw[i] * (Math.exp(z[c] - lse) - (c == enc[i] ? 1 : 0));
                for (int j = 0; j < d; j++) {
                    g[c * stride + j] += r * X[i][j];
                }
                if (fitIntercept) {
                    g[c * stride + d] += r;
                }
            }
        }
        double reg = 0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                double v = w[c * stride + j];
                reg += v * v;
                g[c * stride + j] += v / C;
            }
        }
        return loss + 0.5 * reg / C;
    }

    /** Decision values: [n] logits for two classes (as column 0), [n, classes] otherwise. */
    public double[][] decisionFunction(double[][] X) {
        requireFitted();
        Data.checkFeatures("LogisticRegression", X, features);
        double[][] out = new double[X.length][coef.length];
        for (int i = 0; i < X.length; i++) {
            for (int c = 0; c < coef.length; c++) {
                double s = intercept[c];
                for (int j = 0; j < features; j++) {
                    s += X[i][j] * coef[c][j];
                }
                out[i][c] = s;
            }
        }
        return out;
    }

    @Override
    public double[][] predictProba(double[][] X) {
        double[][] z = decisionFunction(X);
        double[][] p = new double[X.length][classes.length];
        for (int i = 0; i < X.length; i++) {
            if (coef.length == 1) {
                double p1 = 1 / (1 + Math.exp(-z[i][0]));
                p[i][0] = 1 - p1;
                p[i][1] = p1;
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z[i]) {
                    max = Math.max(max, v);
                }
                double s = 0;
                for (int c = 0; c < classes.length; c++) {
                    p[i][c] = Math.exp(z[i][c] - max);
                    s += p[i][c];
                }
                for (int c = 0; c < classes.length; c++) {
                    p[i][c] /= s;
                }
            }
        }
        return p;
    }
}
