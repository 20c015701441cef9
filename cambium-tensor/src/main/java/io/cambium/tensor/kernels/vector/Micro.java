package io.cambium.tensor.kernels.vector;

import static io.cambium.tensor.kernels.vector.VectorGemm.L;
import static io.cambium.tensor.kernels.vector.VectorGemm.NR;
import static io.cambium.tensor.kernels.vector.VectorGemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked micro-kernels: kc fused multiply-add steps of a column of A (read with
 * row stride {@code rs} and k stride {@code ps}, packed or not) times a packed NR-column panel of
 * B, then one update of the C tile. Every output element gets the same sequence of operations in
 * every kernel, so the tiling never changes results.
 */
final class Micro {
    private Micro() {
    }

    /** A tile of 4 rows of A read in place: row stride {@code rs}, k stride {@code ps}. */
    static void kernel4(int kc, float[] a, int aIdx, int rs, int ps, float[] b, int bIdx,
                        float[] c, int cIdx, int ldc, int rows, int cols,
                        float alpha, float beta, boolean first, float[] tmp) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        int o1 = rs;
        int o2 = 2 * rs;
        int o3 = 3 * rs;
        // Indices are affine in the loop counter so that the JIT can hoist the range checks.
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * NR;
            int ai = aIdx + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + o1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + o2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + o3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        if (rows == 4 && cols == NR) {
            store(c00, c01, c, cIdx, alpha, beta, first);
            store(c10, c11, c, cIdx + ldc, alpha, beta, first);
            store(c20, c21, c, cIdx + 2 * ldc, alpha, beta, first);
            store(c30, c31, c, cIdx + 3 * ldc, alpha, beta, first);
        } else {
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, 0 + L);
            c10.intoArray(tmp, NR);
            c11.intoArray(tmp, NR + L);
            c20.intoArray(tmp, 2 * NR);
            c21.intoArray(tmp, 2 * NR + L);
            c30.intoArray(tmp, 3 * NR);
            c31.intoArray(tmp, 3 * NR + L);
            storeScalar(tmp, rows, cols, c, cIdx, ldc, alpha, beta, first);
        }
    }

    /** A tile of 4 rows of packed A (4 consecutive values per k step; padding rows are zeros). */
    static void kernel4Packed(int kc, float[] a, int aIdx, float[] b, int bIdx,
                        float[] c, int cIdx, int ldc, int rows, int cols,
                        float alpha, float beta, boolean first, float[] tmp) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        // Indices are affine in the loop counter so that the JIT can hoist the range checks.
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * NR;
            int ai = aIdx + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        if (rows == 4 && cols == NR) {
            store(c00, c01, c, cIdx, alpha, beta, first);
            store(c10, c11, c, cIdx + ldc, alpha, beta, first);
            store(c20, c21, c, cIdx + 2 * ldc, alpha, beta, first);
            store(c30, c31, c, cIdx + 3 * ldc, alpha, beta, first);
        } else {
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, 0 + L);
            c10.intoArray(tmp, NR);
            c11.intoArray(tmp, NR + L);
            c20.intoArray(tmp, 2 * NR);
            c21.intoArray(tmp, 2 * NR + L);
            c30.intoArray(tmp, 3 * NR);
            c31.intoArray(tmp, 3 * NR + L);
            storeScalar(tmp, rows, cols, c, cIdx, ldc, alpha, beta, first);
        }
    }

    /** One row. */
    static void kernel1(int kc, float[] a, int aIdx, int ps, float[] b, int bIdx,
                        float[] c, int cIdx, int cols, float alpha, float beta, boolean first, float[] tmp) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bIdx);
            FloatVector b1 = FloatVector.fromArray(S, b, bIdx + L);
            bIdx += NR;
            FloatVector av = FloatVector.broadcast(S, a[aIdx]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            aIdx += ps;
        }
        if (cols == NR) {
            store(c00, c01, c, cIdx, alpha, beta, first);
        } else {
            c00.intoArray(tmp, 0);
            c01.intoArray(tmp, L);
            storeScalar(tmp, 1, cols, c, cIdx, 0, alpha, beta, first);
        }
    }

    /** c = (first ? beta * c : c) + alpha * acc, with c not read when first and beta is 0. */
    private static void store(FloatVector acc0, FloatVector acc1, float[] c, int ci,
                              float alpha, float beta, boolean first) {
        if (alpha != 1f) {
            acc0 = acc0.mul(alpha);
            acc1 = acc1.mul(alpha);
        }
        if (first && beta == 0f) {
            acc0.intoArray(c, ci);
            acc1.intoArray(c, ci + L);
            return;
        }
        FloatVector v0 = FloatVector.fromArray(S, c, ci);
        FloatVector v1 = FloatVector.fromArray(S, c, ci + L);
        if (first && beta != 1f) {
            v0 = v0.mul(beta);
            v1 = v1.mul(beta);
        }
        v0.add(acc0).intoArray(c, ci);
        v1.add(acc1).intoArray(c, ci + L);
    }

    /** The same update as {@link #store}, element by element, for edge tiles. */
    private static void storeScalar(float[] acc, int rows, int cols, float[] c, int cIdx, int ldc,
                                    float alpha, float beta, boolean first) {
        for (int r = 0; r < rows; r++) {
            int ci = cIdx + r * ldc;
            for (int j = 0; j < cols; j++) {
                float v = acc[r * NR + j];
                if (alpha != 1f) {
                    v *= alpha;
                }
                if (first && beta == 0f) {
                    c[ci + j] = v;
                } else {
                    float cv = c[ci + j];
                    if (first && beta != 1f) {
                        cv *= beta;
                    }
                    c[ci + j] = cv + v;
                }
            }
        }
    }
}
