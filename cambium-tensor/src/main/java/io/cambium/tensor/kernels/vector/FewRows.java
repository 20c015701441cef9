package io.cambium.tensor.kernels.vector;

import static io.cambium.tensor.kernels.vector.VectorGemm.KC;
import static io.cambium.tensor.kernels.vector.VectorGemm.L;
import static io.cambium.tensor.kernels.vector.VectorGemm.NR;
import static io.cambium.tensor.kernels.vector.VectorGemm.S;

import io.cambium.tensor.Parallel;
import jdk.incubator.vector.FloatVector;

/**
 * C = alpha * op(A) * B + beta * C for one to three rows (e.g. one token through a Dense layer):
 * rows of B are read in place, four vectors of columns at a time, without packing. Each element
 * gets the same operations as in the packed path (fused multiply-adds over k from zero in blocks
 * of {@link VectorGemm#KC}, each block added to C), so the results are the same bits.
 */
final class FewRows {
    /** Columns per register block: four vectors. */
    private static final int W = 4 * L;
    /** Column blocks per parallel item. */
    private static final int PER_ITEM = 4;

    private FewRows() {
    }

    static void multiply(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean parallel) {
        int rs = transA ? 1 : lda;
        int ps = transA ? lda : 1;
        int chunks = n / W;
        int items = (chunks + PER_ITEM - 1) / PER_ITEM + (n % W == 0 ? 0 : 1);
        int fullItems = (chunks + PER_ITEM - 1) / PER_ITEM;
        VectorGemm.forEach(items, parallel && Parallel.threads() > 1, item -> {
            float[] tmp = new float[3 * NR];
            if (item < fullItems) {
                int q1 = Math.min(chunks, (item + 1) * PER_ITEM);
                for (int q = item * PER_ITEM; q < q1; q++) {
                    int j = q * W;
                    for (int pc = 0; pc < k; pc += KC) {
                        int kc = Math.min(KC, k - pc);
                        int aIdx = aOff + pc * ps;
                        int bIdx = bOff + pc * ldb + j;
                        boolean first = pc == 0;
                        if (m == 1) {
                            chunk1(kc, a, aIdx, rs, ps, b, bIdx, ldb, c, cOff + j, ldc, alpha, beta, first, tmp);
                        } else if (m == 2) {
                            chunk2(kc, a, aIdx, rs, ps, b, bIdx, ldb, c, cOff + j, ldc, alpha, beta, first, tmp);
                        } else {
                            chunk3(kc, a, aIdx, rs, ps, b, bIdx, ldb, c, cOff + j, ldc, alpha, beta, first, tmp);
                        }
                    }
                }
            } else {
                for (int j0 = chunks * W; j0 < n; j0 += NR) {
                    tail(m, Math.min(NR, n - j0), j0, k, a, aOff, rs, ps, b, bOff, ldb, c, cOff, ldc, alpha, beta, tmp);
                }
            }
        });
    }

    /** Fewer than NR columns from j0 on: the same fused multiply-adds, one element at a time. */
    private static void tail(int m, int cols, int j0, int k, float[] a, int aOff, int rs, int ps,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                             float alpha, float beta, float[] tmp) {
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int r = 0; r < m; r++) {
                for (int jj = 0; jj < cols; jj++) {
                    float acc = 0f;
                    int ai = aOff + r * rs + pc * ps;
                    int bi = bOff + pc * ldb + j0 + jj;
                    for (int p = 0; p < kc; p++) {
                        acc = Math.fma(a[ai + p * ps], b[bi + p * ldb], acc);
                    }
                    tmp[r * NR + jj] = acc;
                }
            }
            Micro.update(tmp, m, cols, c, cOff + j0, ldc, alpha, beta, pc == 0);
        }
    }

    /** 1 row, columns j..j+4L, one k block. */
    private static void chunk1(int kc, float[] a, int aIdx, int rs, int ps, float[] b, int bIdx, int ldb,
                               float[] c, int cIdx, int ldc, float alpha, float beta, boolean first,
                               float[] tmp) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03);
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, 0 + L);
        Micro.update(tmp, 1, NR, c, cIdx, ldc, alpha, beta, first);
        c02.intoArray(tmp, 0);
        c03.intoArray(tmp, 0 + L);
        Micro.update(tmp, 1, NR, c, cIdx + NR, ldc, alpha, beta, first);
    }

    /** 2 rows, columns j..j+4L, one k block. */
    private static void chunk2(int kc, float[] a, int aIdx, int rs, int ps, float[] b, int bIdx, int ldb,
                               float[] c, int cIdx, int ldc, float alpha, float beta, boolean first,
                               float[] tmp) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(S, a[ai + rs]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            c13 = av.fma(b3, c13);
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, 0 + L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        Micro.update(tmp, 2, NR, c, cIdx, ldc, alpha, beta, first);
        c02.intoArray(tmp, 0);
        c03.intoArray(tmp, 0 + L);
        c12.intoArray(tmp, NR);
        c13.intoArray(tmp, NR + L);
        Micro.update(tmp, 2, NR, c, cIdx + NR, ldc, alpha, beta, first);
    }

    /** 3 rows, columns j..j+4L, one k block. */
    private static void chunk3(int kc, float[] a, int aIdx, int rs, int ps, float[] b, int bIdx, int ldb,
                               float[] c, int cIdx, int ldc, float alpha, float beta, boolean first,
                               float[] tmp) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c22 = FloatVector.zero(S);
        FloatVector c23 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * ldb;
            int ai = aIdx + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            c02 = av.fma(b2, c02);
            c03 = av.fma(b3, c03);
            av = FloatVector.broadcast(S, a[ai + rs]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c12 = av.fma(b2, c12);
            c13 = av.fma(b3, c13);
            av = FloatVector.broadcast(S, a[ai + 2 * rs]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c22 = av.fma(b2, c22);
            c23 = av.fma(b3, c23);
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, 0 + L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        Micro.update(tmp, 3, NR, c, cIdx, ldc, alpha, beta, first);
        c02.intoArray(tmp, 0);
        c03.intoArray(tmp, 0 + L);
        c12.intoArray(tmp, NR);
        c13.intoArray(tmp, NR + L);
        c22.intoArray(tmp, 2 * NR);
        c23.intoArray(tmp, 2 * NR + L);
        Micro.update(tmp, 3, NR, c, cIdx + NR, ldc, alpha, beta, first);
    }
}
