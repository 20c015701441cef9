package io.cambium.ml.search;

/**
 * Gaussian-process regression with a Matérn 5/2 kernel
 * k(r) = (1 + √5 r/ℓ + 5r²/(3ℓ²)) exp(-√5 r/ℓ) on standardized targets. The length scale ℓ and
 * the noise variance are chosen by maximizing the log marginal likelihood over a grid.
 */
public final class GaussianProcess {
    private static final double[] NOISES = {1e-6, 1e-4, 1e-2, 1e-1};
    private double[][] X;
    private double[] alpha;
    private double[][] L;
    private double yMean;
    private double yStd;
    private double lengthScale;
    private double noise;

    /** Fits to points X (in the unit cube) and values y, selecting ℓ and the noise. */
    public GaussianProcess fit(double[][] X, double[] y) {
        int n = y.length;
        double m = 0;
        for (double v : y) {
            m += v;
        }
        m /= n;
        double s = 0;
        for (double v : y) {
            s += (v - m) * (v - m);
        }
        s = Math.sqrt(s / n);
        yMean = m;
        yStd = s > 0 ? s : 1;
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = (y[i] - yMean) / yStd;
        }
        this.X = X;
        double bestLml = Double.NEGATIVE_INFINITY;
        double bestL = 0.3;
        double bestNoise = 1e-6;
        for (int li = 0; li < 12; li++) {
            double l = Math.pow(10, -1.5 + 2.0 * li / 11);
            for (double nz : NOISES) {
                double lml = factor(ys, l, nz);
                if (lml > bestLml) {
                    bestLml = lml;
                    bestL = l;
                    bestNoise = nz;
                }
            }
        }
        lengthScale = bestL;
        noise = bestNoise;
        factor(ys, bestL, bestNoise);
        return this;
    }

    /** The selected length scale. */
    public double lengthScale() {
        return lengthScale;
    }

    /** Standard deviation of the fitted targets (the unit of the standardized model). */
    public double targetStd() {
        return yStd;
    }

    /** The selected noise variance (in standardized units). */
    public double noise() {
        return noise;
    }

    static double kernel(double[] a, double[] b, double l) {
        double r2 = 0;
        for (int j = 0; j < a.length; j++) {
            r2 += (a[j] - b[j]) * (a[j] - b[j]);
        }
        double r = Math.sqrt(r2) / l;
        double s5 = Math.sqrt(5) * r;
        return (1 + s5 + 5.0 / 3.0 * r * r) * Math.exp(-s5);
    }

    /** Factorizes K + noise·I for length scale l; returns the log marginal likelihood. */
    private double factor(double[] ys, double l, double nz) {
        int n = ys.length;
        double[][] K = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                K[i][j] = kernel(X[i], X[j], l);
            }
            K[i][i] += nz + 1e-10;
        }
        double[][] Lf = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = K[i][j];
                for (int k = 0; k < j; k++) {
                    s -= Lf[i][k] * Lf[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return Double.NEGATIVE_INFINITY;
                    }
                    Lf[i][i] = Math.sqrt(s);
                } else {
                    Lf[i][j] = s / Lf[j][j];
                }
            }
        }
        double[] z = forward(Lf, ys);
        double[] a = backward(Lf, z);
        double lml = 0;
        for (int i = 0; i < n; i++) {
            lml -= 0.5 * ys[i] * a[i] + Math.log(Lf[i][i]);
        }
        L = Lf;
        alpha = a;
        return lml;
    }

    private static double[] forward(double[][] L, double[] b) {
        int n = b.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= L[i][k] * z[k];
            }
            z[i] = s / L[i][i];
        }
        return z;
    }

    private static double[] backward(double[][] L, double[] z) {
        int n = z.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= L[k][i] * x[k];
            }
            x[i] = s / L[i][i];
        }
        return x;
    }

    /** Posterior mean and standard deviation at x, in the units of the fitted y. */
    public double[] predict(double[] x) {
        int n = alpha.length;
        double[] k = new double[n];
        double mu = 0;
        for (int i = 0; i < n; i++) {
            k[i] = kernel(x, X[i], lengthScale);
            mu += k[i] * alpha[i];
        }
        double[] v = forward(L, k);
        double var = 1;
        for (double vi : v) {
            var -= vi * vi;
        }
        return new double[] {yMean + yStd * mu, yStd * Math.sqrt(Math.max(var, 1e-12))};
    }
}
