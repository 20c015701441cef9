package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.SmallProduct;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SmallProduct} on the Vector API: blocks of rows × 2 vectors of C kept in registers, each
 * step broadcasting one element of A per row against vectors loaded straight from a row of B: 8
 * rows with 512-bit vectors (32 registers, 16 accumulators), 6 rows with 16 registers (12
 * accumulators, the GEMM's AVX2 tile), then blocks of 4 rows (8 accumulators only just cover the
 * FMA latency of two pipes), then 1 vector, then scalar columns, and rows past a multiple of 4 one
 * at a time. Every element is the same chain of fused multiply-adds over p, times alpha, whatever
 * block computes it.
 */
public final class VectorSmallProduct implements SmallProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Whether the machine has 32 vector registers (AVX-512), room for 8-row blocks. */
    private static final boolean WIDE = S.vectorBitSize() >= 512;

    @Override
    public void product(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc) {
        int i = 0;
        if (WIDE) {
            for (; i + 8 <= m; i += 8) {
                int a0 = aOff + i * ars;
                int c0 = cOff + i * ldc;
                int j = 0;
                for (; j + 2 * L <= n; j += 2 * L) {
                    block8x2(k, alpha, a, a0, ars, acs, b, bOff + j, ldb, c, c0 + j, ldc);
                }
                if (j < n) {
                    // The columns past the last pair of vectors, as two 4-row blocks.
                    product(4, n - j, k, alpha, a, a0, ars, acs, b, bOff + j, ldb, c, c0 + j, ldc);
                    product(4, n - j, k, alpha, a, a0 + 4 * ars, ars, acs, b, bOff + j, ldb, c, c0 + 4 * ldc + j, ldc);
                }
            }
        }
        if (!WIDE) {
            // 6-row blocks, leaving 8 rows to two 4-row blocks where 6-row blocks would leave 2 or
            // 3 to single rows (attention's row blocks of 32: 6 x 4 + 4 x 2). Against 4-row blocks
            // only: 10-30 % more GFLOP/s in tools/bench/AttentionProducts.java where the host was
            // steady, JDK 17 and 25, AVX2 (docs/decisions/gemm-kernel.md, round 6).
            int six = (m - i) / 6;
            if (six > 0 && ((m - i) % 6 == 2 || (m - i) % 6 == 3)) {
                six--;
            }
            for (int s = 0; s < six; s++, i += 6) {
                int a0 = aOff + i * ars;
                int c0 = cOff + i * ldc;
                int j = 0;
                for (; j + 2 * L <= n; j += 2 * L) {
                    block6x2(k, alpha, a, a0, ars, acs, b, bOff + j, ldb, c, c0 + j, ldc);
                }
                if (j < n) {
                    // The columns past the last pair of vectors, as a 4-row and a 2-row product.
                    product(4, n - j, k, alpha, a, a0, ars, acs, b, bOff + j, ldb, c, c0 + j, ldc);
                    product(2, n - j, k, alpha, a, a0 + 4 * ars, ars, acs, b, bOff + j, ldb, c, c0 + 4 * ldc + j, ldc);
                }
            }
        }
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * ars;
            int c0 = cOff + i * ldc;
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                block4x2(k, alpha, a, a0, ars, acs, b, bOff + j, ldb, c, c0 + j, ldc);
            }
            for (; j + L <= n; j += L) {
                block4x1(k, alpha, a, a0, ars, acs, b, bOff + j, ldb, c, c0 + j, ldc);
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    c[c0 + r * ldc + j] = alpha * dot(k, a, a0 + r * ars, acs, b, bOff + j, ldb);
                }
            }
        }
        for (; i < m; i++) {
            int a0 = aOff + i * ars;
            int c0 = cOff + i * ldc;
            int j = 0;
            for (; j + L <= n; j += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0, ap = a0, bp = bOff + j; p < k; p++, ap += acs, bp += ldb) {
                    acc = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), acc);
                }
                acc.mul(alpha).intoArray(c, c0 + j);
            }
            for (; j < n; j++) {
                c[c0 + j] = alpha * dot(k, a, a0, acs, b, bOff + j, ldb);
            }
        }
    }

    private static void block4x2(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0,
            int ldb, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector v0 = FloatVector.fromArray(S, b, bp);
            FloatVector v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
        }
        c00.mul(alpha).intoArray(c, c0);
        c01.mul(alpha).intoArray(c, c0 + L);
        c10.mul(alpha).intoArray(c, c0 + ldc);
        c11.mul(alpha).intoArray(c, c0 + ldc + L);
        c20.mul(alpha).intoArray(c, c0 + 2 * ldc);
        c21.mul(alpha).intoArray(c, c0 + 2 * ldc + L);
        c30.mul(alpha).intoArray(c, c0 + 3 * ldc);
        c31.mul(alpha).intoArray(c, c0 + 3 * ldc + L);
    }

    private static void block6x2(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0,
            int ldb, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        int a4 = a3 + ars;
        int a5 = a4 + ars;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector v0 = FloatVector.fromArray(S, b, bp);
            FloatVector v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = x.fma(v0, c40);
            c41 = x.fma(v1, c41);
            x = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = x.fma(v0, c50);
            c51 = x.fma(v1, c51);
        }
        c00.mul(alpha).intoArray(c, c0);
        c01.mul(alpha).intoArray(c, c0 + L);
        c10.mul(alpha).intoArray(c, c0 + ldc);
        c11.mul(alpha).intoArray(c, c0 + ldc + L);
        c20.mul(alpha).intoArray(c, c0 + 2 * ldc);
        c21.mul(alpha).intoArray(c, c0 + 2 * ldc + L);
        c30.mul(alpha).intoArray(c, c0 + 3 * ldc);
        c31.mul(alpha).intoArray(c, c0 + 3 * ldc + L);
        c40.mul(alpha).intoArray(c, c0 + 4 * ldc);
        c41.mul(alpha).intoArray(c, c0 + 4 * ldc + L);
        c50.mul(alpha).intoArray(c, c0 + 5 * ldc);
        c51.mul(alpha).intoArray(c, c0 + 5 * ldc + L);
    }

    private static void block8x2(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0,
            int ldb, float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        int a4 = a3 + ars;
        int a5 = a4 + ars;
        int a6 = a5 + ars;
        int a7 = a6 + ars;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector v0 = FloatVector.fromArray(S, b, bp);
            FloatVector v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = x.fma(v0, c40);
            c41 = x.fma(v1, c41);
            x = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = x.fma(v0, c50);
            c51 = x.fma(v1, c51);
            x = FloatVector.broadcast(S, a[a6 + ap]);
            c60 = x.fma(v0, c60);
            c61 = x.fma(v1, c61);
            x = FloatVector.broadcast(S, a[a7 + ap]);
            c70 = x.fma(v0, c70);
            c71 = x.fma(v1, c71);
        }
        c00.mul(alpha).intoArray(c, c0);
        c01.mul(alpha).intoArray(c, c0 + L);
        c10.mul(alpha).intoArray(c, c0 + ldc);
        c11.mul(alpha).intoArray(c, c0 + ldc + L);
        c20.mul(alpha).intoArray(c, c0 + 2 * ldc);
        c21.mul(alpha).intoArray(c, c0 + 2 * ldc + L);
        c30.mul(alpha).intoArray(c, c0 + 3 * ldc);
        c31.mul(alpha).intoArray(c, c0 + 3 * ldc + L);
        c40.mul(alpha).intoArray(c, c0 + 4 * ldc);
        c41.mul(alpha).intoArray(c, c0 + 4 * ldc + L);
        c50.mul(alpha).intoArray(c, c0 + 5 * ldc);
        c51.mul(alpha).intoArray(c, c0 + 5 * ldc + L);
        c60.mul(alpha).intoArray(c, c0 + 6 * ldc);
        c61.mul(alpha).intoArray(c, c0 + 6 * ldc + L);
        c70.mul(alpha).intoArray(c, c0 + 7 * ldc);
        c71.mul(alpha).intoArray(c, c0 + 7 * ldc + L);
    }

    private static void block4x1(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0,
            int ldb, float[] c, int c0, int ldc) {
        FloatVector c0v = FloatVector.zero(S);
        FloatVector c1v = c0v;
        FloatVector c2v = c0v;
        FloatVector c3v = c0v;
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        for (int p = 0, ap = 0, bp = b0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector v = FloatVector.fromArray(S, b, bp);
            c0v = FloatVector.broadcast(S, a[a0 + ap]).fma(v, c0v);
            c1v = FloatVector.broadcast(S, a[a1 + ap]).fma(v, c1v);
            c2v = FloatVector.broadcast(S, a[a2 + ap]).fma(v, c2v);
            c3v = FloatVector.broadcast(S, a[a3 + ap]).fma(v, c3v);
        }
        c0v.mul(alpha).intoArray(c, c0);
        c1v.mul(alpha).intoArray(c, c0 + ldc);
        c2v.mul(alpha).intoArray(c, c0 + 2 * ldc);
        c3v.mul(alpha).intoArray(c, c0 + 3 * ldc);
    }

    private static float dot(int k, float[] a, int a0, int acs, float[] b, int b0, int ldb) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[a0 + p * acs], b[b0 + p * ldb], s);
        }
        return s;
    }
}
