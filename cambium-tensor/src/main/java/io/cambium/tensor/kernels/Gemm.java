package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;

/**
 * Single-precision general matrix multiply on row-major storage:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where op transposes when the flag is set.
 * {@code op(A)} is m-by-k, {@code op(B)} is k-by-n and C is m-by-n; {@code lda}, {@code ldb} and
 * {@code ldc} are the row strides of A, B and C as stored. When beta is 0, C is not read (NaNs
 * in it do not propagate).
 */
public interface Gemm {
    /** Multiplies using the shared thread pool when the problem is large enough. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /** Multiplies on the calling thread only (for callers that parallelize over a batch). */
    void sgemmSerial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc);

    /**
     * {@code C = relu?(op(A) * op(B) + bias)}: the product (alpha 1, beta 0), then {@code bias[j]}
     * added to every element of column j (when {@code bias} is not null), then the ReLU (when
     * {@code relu}), element by element in that order, so the values are those of
     * {@link #sgemm} followed by the two steps. Implementations may apply the two steps to each
     * block of C as it is finished, while it is in cache; this one applies them after the product,
     * in parallel.
     */
    default void sgemmBiasRelu(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float[] bias, boolean relu, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc);
        if (bias != null || relu) {
            Parallel.range(m, Math.max(1, (1 << 15) / Math.max(1, n)),
                    (s, e) -> biasRelu(c, cOff, ldc, s, e, 0, n, bias, relu));
        }
    }

    /**
     * {@code C[r][j] = relu?(C[r][j] + bias[j])} for rows [r0, r1) and columns [j0, j1) of C
     * (stored from {@code cOff} with row stride {@code ldc}); the epilogue of
     * {@link #sgemmBiasRelu}.
     */
    static void biasRelu(float[] c, int cOff, int ldc, int r0, int r1, int j0, int j1, float[] bias, boolean relu) {
        for (int r = r0; r < r1; r++) {
            int o = cOff + r * ldc;
            if (bias != null && relu) {
                for (int j = j0; j < j1; j++) {
                    c[o + j] = Math.max(c[o + j] + bias[j], 0f);
                }
            } else if (bias != null) {
                for (int j = j0; j < j1; j++) {
                    c[o + j] += bias[j];
                }
            } else if (relu) {
                for (int j = j0; j < j1; j++) {
                    c[o + j] = Math.max(c[o + j], 0f);
                }
            }
        }
    }

    /** A short name for logs and benchmarks. */
    String name();

    /** The width in bits of the vectors its micro-kernel computes with; 0 for plain Java loops. */
    default int vectorBits() {
        return 0;
    }
}
