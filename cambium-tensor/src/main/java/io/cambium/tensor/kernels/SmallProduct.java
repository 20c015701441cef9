package io.cambium.tensor.kernels;

/**
 * {@code C = alpha · A · B} for the small, cache-resident matrices of attention heads, without the
 * packing a general GEMM does: {@code A (m × k)} is read element by element through a row and a
 * column stride (so {@code A} may be a transposed view), {@code B (k × n)} row by row
 * ({@code ldb} apart), and {@code C (m × n)} is overwritten. Each element is a sum over
 * {@code p = 0..k-1} in that order, so results do not depend on how callers split the rows.
 */
public interface SmallProduct {
    /** C[i, j] = alpha Σ_p A[aOff + i·ars + p·acs] · B[bOff + p·ldb + j], written at C[cOff + i·ldc + j]. */
    void product(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc);

    /** The implementation in use: the Vector API one when {@link Kernels#vectorAvailable()}. */
    static SmallProduct inUse() {
        return Holder.IN_USE;
    }

    /** Chooses the implementation once, at first use. */
    final class Holder {
        private Holder() {
        }

        static final SmallProduct IN_USE = choose();

        private static SmallProduct choose() {
            SmallProduct vector = Kernels.loadVector(SmallProduct.class,
                    "io.cambium.tensor.kernels.vector.VectorSmallProduct", "small products", "scalar loops");
            return vector != null ? vector : new ScalarSmallProduct();
        }
    }
}
