package io.cambium.tensor.kernels;

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

    /** A short name for logs and benchmarks. */
    String name();

    /** The width in bits of the vectors its micro-kernel computes with; 0 for plain Java loops. */
    default int vectorBits() {
        return 0;
    }
}
