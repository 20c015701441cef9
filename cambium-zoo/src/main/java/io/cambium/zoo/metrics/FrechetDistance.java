package io.cambium.zoo.metrics;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.linalg.SymmetricEigen;

/**
 * The Fréchet distance between two Gaussians fitted to two sets of feature vectors (Heusel et al.
 * 2017): {@code |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1^(1/2) S2 S1^(1/2))^(1/2))}, with unbiased
 * covariances, in double precision. The matrix square roots come from symmetric
 * eigen-decompositions (negative eigenvalues of rounding are taken as 0). Which features it is
 * computed in decides what it measures: {@link FashionFeatures} gives a Fashion-MNIST score, not
 * the Inception-based FID.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** The mean and covariance of a set of feature vectors. */
    public record Gaussian(double[] mean, double[][] covariance) {
    }

    /**
     * Fits the Gaussian of feature vectors {@code [n, d]} (n >= 2).
     *
     * @throws IllegalArgumentException when the tensor is not a matrix of at least 2 rows
     */
    public static Gaussian fit(Tensor features) {
        int[] s = features.shape();
        if (s.length != 2 || s[0] < 2) {
            throw new IllegalArgumentException("FrechetDistance: expected features [n >= 2, d], got " + Shape.str(s));
        }
        int n = s[0];
        int d = s[1];
        float[] x = features.data();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[j] = x[i * d + j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] += c[a] * c[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
        }
        return new Gaussian(mean, cov);
    }

    /** The distance between the Gaussians of two feature sets {@code [n, d]}, {@code [m, d]}. */
    public static double between(Tensor featuresA, Tensor featuresB) {
        return between(fit(featuresA), fit(featuresB));
    }

    /**
     * The distance between two fitted Gaussians.
     *
     * @throws IllegalArgumentException when their dimensions differ
     */
    public static double between(Gaussian a, Gaussian b) {
        int d = a.mean().length;
        if (b.mean().length != d) {
            throw new IllegalArgumentException("FrechetDistance: feature sizes differ: " + d + " and " + b.mean().length);
        }
        double meanTerm = 0;
        double traces = 0;
        for (int j = 0; j < d; j++) {
            double diff = a.mean()[j] - b.mean()[j];
            meanTerm += diff * diff;
            traces += a.covariance()[j][j] + b.covariance()[j][j];
        }
        double[][] rootA = sqrtm(a.covariance());
        double[][] inner = multiply(multiply(rootA, b.covariance()), rootA);
        symmetrize(inner);
        double[] ev = SymmetricEigen.decompose(inner, new double[d][d]);
        double crossTrace = 0;
        for (double v : ev) {
            crossTrace += Math.sqrt(Math.max(v, 0));
        }
        return Math.max(0, meanTerm + traces - 2 * crossTrace);
    }

    /** The square root of a symmetric positive semi-definite matrix. */
    static double[][] sqrtm(double[][] m) {
        int d = m.length;
        double[][] v = new double[d][d];
        double[] ev = SymmetricEigen.decompose(m, v);
        double[][] out = new double[d][d];
        for (int k = 0; k < d; k++) {
            double r = Math.sqrt(Math.max(ev[k], 0));
            if (r == 0) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                double vik = v[i][k] * r;
                for (int j = 0; j < d; j++) {
                    out[i][j] += vik * v[j][k];
                }
            }
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int d = a.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double aik = a[i][k];
                for (int j = 0; j < d; j++) {
                    out[i][j] += aik * b[k][j];
                }
            }
        }
        return out;
    }

    private static void symmetrize(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double avg = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = avg;
                m[j][i] = avg;
            }
        }
    }
}
