package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;

/**
 * The plain-Java GEMM: cache-blocked loops that the JIT auto-vectorizes. It runs on any JDK and
 * is the reference the Vector API kernel is tested against.
 */
public final class ScalarGemm implements Gemm {
    private static final int KC = 256;
    private static final int NC = 512;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        long work = (long) m * n * k;
        if (work < 1 << 15 || Parallel.threads() == 1 || m < 2) {
            sgemmSerial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Parallel.range(m, 8, (r0, r1) -> sgemmSerial(transA, transB, r1 - r0, n, k, alpha,
                a, transA ? aOff + r0 : aOff + r0 * lda, lda, b, bOff, ldb, beta, c, cOff + r0 * ldc, ldc));
    }

    @Override
    public void sgemmSerial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
        if (k == 0 || alpha == 0f) {
            return;
        }
        // B as row-major k-by-n panel: when B is transposed, copy a block into that layout first.
        float[] bt = transB ? new float[Math.min(KC, k) * Math.min(NC, n)] : null;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            for (int j0 = 0; j0 < n; j0 += NC) {
                int nc = Math.min(NC, n - j0);
                float[] bp;
                int bpOff;
                int bpLd;
                if (transB) {
                    for (int p = 0; p < kc; p++) {
                        for (int j = 0; j < nc; j++) {
                            bt[p * nc + j] = b[bOff + (j0 + j) * ldb + p0 + p];
                        }
                    }
                    bp = bt;
                    bpOff = 0;
                    bpLd = nc;
                } else {
                    bp = b;
                    bpOff = bOff + p0 * ldb + j0;
                    bpLd = ldb;
                }
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + j0;
                    for (int p = 0; p < kc; p++) {
                        float av = transA ? a[aOff + (p0 + p) * lda + i] : a[aOff + i * lda + p0 + p];
                        if (av == 0f) {
                            continue;
                        }
                        av *= alpha;
                        int bi = bpOff + p * bpLd;
                        for (int j = 0; j < nc; j++) {
                            c[ci + j] += av * bp[bi + j];
                        }
                    }
                }
            }
        }
    }
}
