package io.cambium.tensor.kernels.vector;

import static io.cambium.tensor.kernels.vector.VectorGemm.AS;
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

    /**
     * A tile of 6 rows of packed A (6 consecutive values per k step, k steps {@code AS} floats
     * apart; padding rows are zeros): the AVX2 shape's tile, and with the AVX-512 shape the first
     * 6 rows of a 14-row tile that holds no more (a short last tile).
     * 12 accumulators, 4 more than the FMA latency times the FMA pipes needs, so that a stalled
     * cycle does not cost an FMA slot (see docs/decisions/gemm-kernel.md).
     */
    static void kernel6Packed(int kc, float[] a, int aIdx, float[] b, int bIdx,
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
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        // Two running indices, the B index twice the A index plus a constant (C2 derives one
        // from the other and hoists the range checks): an index computed from a counter added
        // three instructions per k step, and any instruction beyond the loads and FMAs competes
        // with them for the front end.
        int aEnd = aIdx + kc * AS;
        for (int ai = aIdx, bi = bIdx; ai < aEnd; ai += AS, bi += NR) {
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
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        // The accumulators leave through a scratch array, so that the compiled kernel has no
        // branch on alpha, beta, first or the tile size (branches that a profile taken during
        // the first k block would prune and a later call would deoptimize), and no vector is
        // passed to a method that C2 might not inline (it would be boxed).
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR);
        c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR);
        c51.intoArray(tmp, 5 * NR + L);
        update(tmp, rows, cols, c, cIdx, ldc, alpha, beta, first);
    }

    /**
     * A tile of 14 rows of packed A (14 consecutive values per k step, k steps {@code AS} = 16
     * floats apart; padding rows are zeros) for 32 vector registers: 28 accumulators, the two
     * vectors of B and two broadcasts fill the register file, and C2 keeps the loop free of
     * spills and range checks (the B index twice the A index plus a constant, as in
     * {@link #kernel6Packed}).
     */
    static void kernel14Packed(int kc, float[] a, int aIdx, float[] b, int bIdx,
                               float[] c, int cIdx, int ldc, int rows, int cols,
                               float alpha, float beta, boolean first, float[] tmp) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S);
        FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S);
        FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S);
        FloatVector c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S);
        FloatVector c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S);
        FloatVector c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S);
        FloatVector c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S);
        FloatVector c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S);
        FloatVector c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S);
        FloatVector c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S);
        FloatVector c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S);
        FloatVector c11_1 = FloatVector.zero(S);
        FloatVector c12_0 = FloatVector.zero(S);
        FloatVector c12_1 = FloatVector.zero(S);
        FloatVector c13_0 = FloatVector.zero(S);
        FloatVector c13_1 = FloatVector.zero(S);
        int aEnd = aIdx + kc * AS;
        for (int ai = aIdx, bi = bIdx; ai < aEnd; ai += AS, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c4_0 = av.fma(b0, c4_0);
            c4_1 = av.fma(b1, c4_1);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c5_0 = av.fma(b0, c5_0);
            c5_1 = av.fma(b1, c5_1);
            av = FloatVector.broadcast(S, a[ai + 6]);
            c6_0 = av.fma(b0, c6_0);
            c6_1 = av.fma(b1, c6_1);
            av = FloatVector.broadcast(S, a[ai + 7]);
            c7_0 = av.fma(b0, c7_0);
            c7_1 = av.fma(b1, c7_1);
            av = FloatVector.broadcast(S, a[ai + 8]);
            c8_0 = av.fma(b0, c8_0);
            c8_1 = av.fma(b1, c8_1);
            av = FloatVector.broadcast(S, a[ai + 9]);
            c9_0 = av.fma(b0, c9_0);
            c9_1 = av.fma(b1, c9_1);
            av = FloatVector.broadcast(S, a[ai + 10]);
            c10_0 = av.fma(b0, c10_0);
            c10_1 = av.fma(b1, c10_1);
            av = FloatVector.broadcast(S, a[ai + 11]);
            c11_0 = av.fma(b0, c11_0);
            c11_1 = av.fma(b1, c11_1);
            av = FloatVector.broadcast(S, a[ai + 12]);
            c12_0 = av.fma(b0, c12_0);
            c12_1 = av.fma(b1, c12_1);
            av = FloatVector.broadcast(S, a[ai + 13]);
            c13_0 = av.fma(b0, c13_0);
            c13_1 = av.fma(b1, c13_1);
        }
        // Out through the scratch array, as in kernel6Packed.
        c0_0.intoArray(tmp, 0);
        c0_1.intoArray(tmp, L);
        c1_0.intoArray(tmp, NR);
        c1_1.intoArray(tmp, NR + L);
        c2_0.intoArray(tmp, 2 * NR);
        c2_1.intoArray(tmp, 2 * NR + L);
        c3_0.intoArray(tmp, 3 * NR);
        c3_1.intoArray(tmp, 3 * NR + L);
        c4_0.intoArray(tmp, 4 * NR);
        c4_1.intoArray(tmp, 4 * NR + L);
        c5_0.intoArray(tmp, 5 * NR);
        c5_1.intoArray(tmp, 5 * NR + L);
        c6_0.intoArray(tmp, 6 * NR);
        c6_1.intoArray(tmp, 6 * NR + L);
        c7_0.intoArray(tmp, 7 * NR);
        c7_1.intoArray(tmp, 7 * NR + L);
        c8_0.intoArray(tmp, 8 * NR);
        c8_1.intoArray(tmp, 8 * NR + L);
        c9_0.intoArray(tmp, 9 * NR);
        c9_1.intoArray(tmp, 9 * NR + L);
        c10_0.intoArray(tmp, 10 * NR);
        c10_1.intoArray(tmp, 10 * NR + L);
        c11_0.intoArray(tmp, 11 * NR);
        c11_1.intoArray(tmp, 11 * NR + L);
        c12_0.intoArray(tmp, 12 * NR);
        c12_1.intoArray(tmp, 12 * NR + L);
        c13_0.intoArray(tmp, 13 * NR);
        c13_1.intoArray(tmp, 13 * NR + L);
        update(tmp, rows, cols, c, cIdx, ldc, alpha, beta, first);
    }

    /**
     * A tile of 6 rows of row-major A read in place ({@code lda} floats from row to row, the k
     * steps adjacent): the operations of {@link #kernel6Packed} without the copy of A. Each row is
     * addressed from its own base plus the k step, so that C2 hoists the range checks. Where n is a
     * few panels the copy of A was a fifth of the kernel's time (1020x64x64, single thread: 114 us
     * in place against 128 packed on JDK 17, 100 against 128 on JDK 25).
     */
    static void kernel6(int kc, float[] a, int aIdx, int lda, float[] b, int bIdx,
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
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        int a1 = aIdx + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        // The B index drives the loop and d counts the k steps (JDK 17 and 25 both hoist every
        // range check only in this form: with the A index driving, JDK 25 ran 2.2x slower; with a
        // counter and the B index computed from it, JDK 17 did).
        int bEnd = bIdx + kc * NR;
        for (int bi = bIdx, d = 0; bi < bEnd; bi += NR, d++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[aIdx + d]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[a1 + d]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[a2 + d]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[a3 + d]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[a4 + d]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[a5 + d]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        // Out through the scratch array, as in kernel6Packed.
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR);
        c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR);
        c51.intoArray(tmp, 5 * NR + L);
        update(tmp, rows, cols, c, cIdx, ldc, alpha, beta, first);
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
        int o1 = 1 * rs;
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
        // The accumulators leave through a scratch array, so that the compiled kernel has no
        // branch on alpha, beta, first or the tile size (branches that a profile taken during
        // the first k block would prune and a later call would deoptimize), and no vector is
        // passed to a method that C2 might not inline (it would be boxed).
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        update(tmp, rows, cols, c, cIdx, ldc, alpha, beta, first);
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
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        update(tmp, 1, cols, c, cIdx, 0, alpha, beta, first);
    }

    /**
     * C tile = (first ? beta * C : C) + alpha * acc for a rows-by-cols tile whose accumulators
     * are in {@code acc} (row r at r * NR); C is not read when first and beta is 0. Full rows
     * take vector operations, partial ones the same operations element by element.
     */
    static void update(float[] acc, int rows, int cols, float[] c, int cIdx, int ldc,
                       float alpha, float beta, boolean first) {
        boolean overwrite = first && beta == 0f;
        boolean scale = first && beta != 1f;
        for (int r = 0; r < rows; r++) {
            int ci = cIdx + r * ldc;
            int ai = r * NR;
            int j = 0;
            if (cols == NR) {
                for (; j < NR; j += L) {
                    FloatVector v = FloatVector.fromArray(S, acc, ai + j);
                    if (alpha != 1f) {
                        v = v.mul(alpha);
                    }
                    if (!overwrite) {
                        FloatVector old = FloatVector.fromArray(S, c, ci + j);
                        if (scale) {
                            old = old.mul(beta);
                        }
                        v = old.add(v);
                    }
                    v.intoArray(c, ci + j);
                }
            }
            for (; j < cols; j++) {
                float v = acc[ai + j];
                if (alpha != 1f) {
                    v *= alpha;
                }
                if (!overwrite) {
                    float old = c[ci + j];
                    if (scale) {
                        old *= beta;
                    }
                    v = old + v;
                }
                c[ci + j] = v;
            }
        }
    }
}
