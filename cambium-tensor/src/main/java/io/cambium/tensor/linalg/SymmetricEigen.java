package io.cambium.tensor.linalg;

/**
 * The eigen-decomposition of a small dense symmetric matrix in double precision, for the library
 * modules that need one (least squares in cambium-ml, the Fréchet distance in cambium-zoo).
 */
public final class SymmetricEigen {
    private SymmetricEigen() {
    }

    /**
     * Eigenvalues of the symmetric matrix A by cyclic Jacobi rotations; the eigenvectors go into
     * the columns of V. A is not modified.
     */
    public static double[] decompose(double[][] A, double[][] V) {
        int d = A.length;
        double[][] a = new double[d][];
        for (int i = 0; i < d; i++) {
            a[i] = A[i].clone();
            java.util.Arrays.fill(V[i], 0);
            V[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < d; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < d; k++) {
                        double vkp = V[k][p];
                        double vkq = V[k][q];
                        V[k][p] = c * vkp - s * vkq;
                        V[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] ev = new double[d];
        for (int i = 0; i < d; i++) {
            ev[i] = a[i][i];
        }
        return ev;
    }
}
