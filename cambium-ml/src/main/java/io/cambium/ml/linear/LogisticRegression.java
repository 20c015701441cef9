package io.cambium.ml.linear;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.ml.imbalance.ClassWeights;
import io.cambium.ml.linalg.Lbfgs;
import java.util.Arrays;

/**
 * L2-regularized logistic regression as scikit-learn's {@code LogisticRegression} with the lbfgs
 * solver: it minimizes {@code C · Σ sᵢ · logloss(i) + ½ ||W||²} (intercept not penalized), with a
 * single weight vector for two classes and a multinomial (softmax) model for more.
 */
public final class LogisticRegression implements Classifier, SampleWeighted {
    private final double C;
    private final boolean fitIntercept;
    private final int maxIter;
    private final double tol;
    private final boolean balanced;
    private int[] classes;
    private double[][] coef;
    private double[] intercept;
    private int features;

    /** C = 1, intercept, max_iter 1000, gradient tolerance 1e-6, no class weights. */
    public LogisticRegression() {
        this(1.0);
    }

    public LogisticRegression(double C) {
        this(C, true, 1000, 1e-6, false);
    }

    /**
     * @param C inverse regularization strength
     * @param balanced weight classes by {@code n / (k · count)} (class_weight="balanced")
     */
    public LogisticRegression(double C, boolean fitIntercept, int maxIter, double tol, boolean balanced) {
        if (!(C > 0)) {
            throw new IllegalArgumentException("LogisticRegression: C must be positive, got " + C);
        }
        this.C = C;
        this.fitIntercept = fitIntercept;
        this.maxIter = maxIter;
        this.tol = tol;
        this.balanced = balanced;
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
    public LogisticRegression fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public LogisticRegression fit(double[][] X, double[] y, double[] sampleWeight) {
        int d = Data.check("LogisticRegression", X, y.length);
        int n = X.length;
        int[] labels = Data.labels(y);
        classes = Data.unique(labels);
        if (classes.length < 2) {
            throw new IllegalArgumentException("LogisticRegression needs samples of at least 2 classes; the data "
                    + "contains only class " + classes[0]);
        }
        features = d;
        int[] enc = Data.encode(labels, classes);
        double[] sw = new double[n];
        double[] cw = balanced ? ClassWeights.balanced(labels) : null;
        for (int i = 0; i < n; i++) {
            sw[i] = (sampleWeight == null ? 1 : sampleWeight[i]) * (cw == null ? 1 : cw[enc[i]]);
        }
        int k = classes.length == 2 ? 1 : classes.length;
        int stride = d + (fitIntercept ? 1 : 0);
        Lbfgs.Objective f = (w, g) -> objective(X, enc, sw, w, g, k);
        Lbfgs.Result r = new Lbfgs(20, maxIter, tol).minimize(f, new double[k * stride]);
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
            double r = sw[i] * (p - yi) * C;
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
            g[j] += w[j];
        }
        return C * loss + 0.5 * reg;
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
                double r = sw[i] * (Math.exp(z[c] - lse) - (c == enc[i] ? 1 : 0)) * C;
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
                g[c * stride + j] += v;
            }
        }
        return C * loss + 0.5 * reg;
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

    @Override
    public double[] predict(double[][] X) {
        double[][] p = predictProba(X);
        double[] out = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            int best = 0;
            for (int c = 1; c < classes.length; c++) {
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            out[i] = classes[best];
        }
        return out;
    }
}
