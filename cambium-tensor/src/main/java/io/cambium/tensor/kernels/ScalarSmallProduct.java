package io.cambium.tensor.kernels;

/** {@link SmallProduct} as plain-Java loops (row of C += A[i, p] · row p of B). */
public final class ScalarSmallProduct implements SmallProduct {
    @Override
    public void product(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            int ai = aOff + i * ars;
            for (int p = 0; p < k; p++) {
                float av = a[ai + p * acs];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
            for (int j = 0; j < n; j++) {
                c[ci + j] *= alpha;
            }
        }
    }
}
