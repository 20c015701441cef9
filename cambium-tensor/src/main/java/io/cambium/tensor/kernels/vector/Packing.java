package io.cambium.tensor.kernels.vector;

import static io.cambium.tensor.kernels.vector.VectorGemm.AS;
import static io.cambium.tensor.kernels.vector.VectorGemm.L;
import static io.cambium.tensor.kernels.vector.VectorGemm.MR;
import static io.cambium.tensor.kernels.vector.VectorGemm.NR;
import static io.cambium.tensor.kernels.vector.VectorGemm.S;

import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the layouts the micro-kernel reads sequentially; the
 * transposes are resolved here. Edge panels are padded with zeros.
 */
final class Packing {
    private Packing() {
    }

    /**
     * Packs op(B)[pc..pc+kc, jc..jc+nc] panels q0..q1 (NR columns each) into {@code bp}: panel q
     * starts at dst0 + q*kc*NR and holds NR consecutive columns per k step.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                      int q0, int q1, float[] bp, int dst0) {
        for (int q = q0; q < q1; q++) {
            int j = jc + q * NR;
            int cols = Math.min(NR, jc + nc - j);
            int base = dst0 + q * kc * NR;
            if (!transB) {
                int src = bOff + pc * ldb + j;
                if (cols == NR) {
                    // Two vector copies per row: System.arraycopy costs a call per 16 floats.
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * NR;
                        FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * NR;
                        System.arraycopy(b, src, bp, dst, cols);
                        java.util.Arrays.fill(bp, dst + cols, dst + NR, 0f);
                    }
                }
            } else {
                for (int jj = 0; jj < cols; jj++) {
                    int src = bOff + (j + jj) * ldb + pc;
                    int dst = base + jj;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR] = b[src + p];
                    }
                }
                for (int jj = cols; jj < NR; jj++) {
                    for (int p = 0; p < kc; p++) {
                        bp[base + jj + p * NR] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[i0..i0+rows, pc..pc+kc] into tiles of MR rows: tile t starts at dst0 + t*kc*AS and
     * holds MR consecutive rows per k step, the k steps AS floats apart.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int pc, int kc,
                      float[] ap, int dst0) {
        int tiles = (rows + MR - 1) / MR;
        int first = 0;
        if (transA) {
            // op(A) rows are contiguous in memory along each stored row: read every stored row once,
            // front to back, and deal its values out to the full tiles (walking one tile at a time
            // down the k rows re-read each cache line from L2 once per tile).
            first = rows / MR;
            int tileStride = kc * AS;
            for (int p = 0; p < kc; p++) {
                int src = aOff + (pc + p) * lda + i0;
                int dst = dst0 + p * AS;
                for (int t = 0; t < first; t++, src += MR, dst += tileStride) {
                    if (AS == L && src + L <= a.length) {
                        // One vector per tile and k step: its AS = L floats are the MR values and
                        // the padding slots, which the kernel never reads (128x2048x384 with
                        // transposed A: 83 vs 78 GFLOP/s, p10 of single calls).
                        FloatVector.fromArray(S, a, src).intoArray(ap, dst);
                    } else {
                        for (int r = 0; r < MR; r++) {
                            ap[dst + r] = a[src + r];
                        }
                    }
                }
            }
        }
        for (int t = first; t < tiles; t++) {
            int base = dst0 + t * kc * AS;
            int r0 = t * MR;
            int valid = Math.min(MR, rows - r0);
            if (!transA && valid == MR) {
                // Row by row: each row of A read front to back, its values written AS floats apart
                // into the tile (2 KB for k = 64, in L1). 1020 x 64: 40-60 us, where one gather per
                // k step (MR rows in one vector) took 80-120 and MR row streams read in step
                // 65-290 (JDK 17 and 25, AVX2); where n is a few panels (the small GPT's n = 64
                // products) packing A had cost half the kernel's own time.
                for (int r = 0; r < MR; r++) {
                    int src = aOff + (i0 + r0 + r) * lda + pc;
                    int dst = base + r;
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * AS] = a[src + p];
                    }
                }
            } else if (!transA) {
                for (int r = 0; r < valid; r++) {
                    int src = aOff + (i0 + r0 + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * AS + r] = a[src + p];
                    }
                }
            } else {
                int src = aOff + pc * lda + i0 + r0;
                for (int p = 0; p < kc; p++, src += lda) {
                    int dst = base + p * AS;
                    for (int r = 0; r < valid; r++) {
                        ap[dst + r] = a[src + r];
                    }
                }
            }
            for (int r = valid; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    ap[base + p * AS + r] = 0f;
                }
            }
        }
    }
}
