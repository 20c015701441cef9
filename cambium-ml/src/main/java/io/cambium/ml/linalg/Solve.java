package io.cambium.ml.linalg;

/** Small dense linear-algebra routines in double precision for the classical models. */
public final class Solve {
    private Solve() {
    }

    /**
     * Solves the symmetric positive-definite system {@code A x = b} by Cholesky factorization;
     * fails when A is not positive definite.
     */
    public static double[] cholesky(double[][] A, double[] b) {
        int n = b.length;
        double[][] L = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = A[i][j];
                for (int k = 0; k < j; k++) {
                    s -= L[i][k] * L[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new ArithmeticException("Cholesky: matrix is not positive definite (pivot " + i + " = " + s + ")");
                    }
                    L[i][i] = Math.sqrt(s);
                } else {
                    L[i][j] = s / L[j][j];
                }
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= L[i][k] * z[k];
            }
            z[i] = s / L[i][i];
        }
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

    /**
     * Minimum-norm least-squares solution of {@code X w = y} (as LAPACK's gelsd used by
     * numpy.linalg.lstsq): Householder QR when X has full column rank, otherwise the
     * pseudo-inverse from the eigen-decomposition of XᵀX.
     */
    public static double[] leastSquares(double[][] X, double[] y) {
        int n = X.length;
        int d = X[0].length;
        if (n >= d) {
            double[] w = qr(X, y);
            if (w != null) {
                return w;
            }
        }
        return pinv(X, y);
    }

    private static double[] qr(double[][] X, double[] y) {
        int n = X.length;
        int d = X[0].length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = X[i].clone();
        }
        double[] b = y.clone();
        double[] diag = new double[d];
        double maxNorm = 0;
        for (int j = 0; j < d; j++) {
            double norm = 0;
            for (int i = j; i < n; i++) {
                norm = Math.hypot(norm, a[i][j]);
            }
            maxNorm = Math.max(maxNorm, norm);
            if (norm == 0 || norm <= 1e-12 * maxNorm) {
                return null;
            }
            if (a[j][j] > 0) {
                norm = -norm;
            }
            for (int i = j; i < n; i++) {
                a[i][j] /= -norm;
            }
            a[j][j] += 1;
            for (int k = j + 1; k < d; k++) {
                double s = 0;
                for (int i = j; i < n; i++) {
                    s += a[i][j] * a[i][k];
                }
                s = -s / a[j][j];
                for (int i = j; i < n; i++) {
                    a[i][k] += s * a[i][j];
                }
            }
            double s = 0;
            for (int i = j; i < n; i++) {
                s += a[i][j] * b[i];
            }
            s = -s / a[j][j];
            for (int i = j; i < n; i++) {
                b[i] += s * a[i][j];
            }
            diag[j] = norm;
        }
        double[] w = new double[d];
        for (int j = d - 1; j >= 0; j--) {
            double s = b[j];
            for (int k = j + 1; k < d; k++) {
                s -= a[j][k] * w[k];
            }
            w[j] = s / diag[j];
        }
        return w;
    }

    private static double[] pinv(double[][] X, double[] y) {
        int n = X.length;
        int d = X[0].length;
        double[][] A = new double[d][d];
        double[] b = new double[d];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < d; p++) {
                b[p] += X[i][p] * y[i];
                for (int q = 0; q < d; q++) {
                    A[p][q] += X[i][p] * X[i][q];
                }
            }
        }
        double[][] V = new double[d][d];
        double[] ev = symmetricEigen(A, V);
        double max = 0;
        for (double e : ev) {
            max = Math.max(max, Math.abs(e));
        }
        double cut = max * Math.max(n, d) * Math.ulp(1.0) * Math.max(n, d);
        double[] w = new double[d];
        for (int k = 0; k < d; k++) {
            if (ev[k] <= cut) {
                continue;
            }
            double proj = 0;
            for (int p = 0; p < d; p++) {
                proj += V[p][k] * b[p];
            }
            for (int p = 0; p < d; p++) {
                w[p] += V[p][k] * proj / ev[k];
            }
        }
        return w;
    }

    /**
     * Eigenvalues of the symmetric matrix A by cyclic Jacobi rotations; the eigenvectors go into
     * the columns of V. A is not modified.
     */
    public static double[] symmetricEigen(double[][] A, double[][] V) {
        return io.cambium.tensor.linalg.SymmetricEigen.decompose(A, V);
    }
}
