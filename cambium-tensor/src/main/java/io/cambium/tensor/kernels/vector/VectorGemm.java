package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.kernels.Gemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API ({@code jdk.incubator.vector}): a register-blocked micro-kernel of
 * {@link #MR} rows by two vectors of columns, over B packed into column panels and (for large
 * problems) A packed into row panels, with blocking over k, m and n for the caches.
 *
 * <p>Every element of C is accumulated in the same order (fused multiply-adds over k in blocks
 * of {@link #KC}, each block added to C) whatever the partition into tasks, the thread count or
 * whether A is packed, so results are bitwise identical at any thread count and between
 * {@link #sgemm} and {@link #sgemmSerial}.
 */
public final class VectorGemm implements Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register block. */
    static final int MR = 4;
    /** Columns of the register block: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a k block: a packed B micro-panel (KC x NR) stays in L1. */
    static final int KC = 256;
    /** Rows of A packed at once: MC x KC floats stay in L2. */
    static final int MC = 128;
    /** Columns of B packed at once: KC x NC floats stay in L3. */
    static final int NC = 4096;
    /** Below this many flops (2mnk) {@link #sgemm} stays on the calling thread. */
    static final long PARALLEL_FLOPS = 1L << 21;

    @Override
    public String name() {
        return "vector(FloatVector " + S.vectorBitSize() + "-bit)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        boolean parallel = Parallel.threads() > 1 && 2L * m * n * k >= PARALLEL_FLOPS;
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, parallel);
    }

    @Override
    public void sgemmSerial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false);
    }

    private static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc, boolean parallel) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        if (parallel && splitIndependently(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc)) {
            return;
        }
        // Packing A costs a copy of A per column block; it pays off when the copy is reused
        // over many column panels or when A is transposed (strided reads).
        boolean packA = transA || n > 2 * NR;
        Workspace ws = Workspace.acquireB();
        try {
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                int panels = (nc + NR - 1) / NR;
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    float[] bp = ws.b(panels * kc * NR);
                    boolean first = pc == 0;
                    Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nc, 0, panels, bp);
                    for (int i0 = 0; i0 < m; i0 += MC) {
                        block(transA, a, aOff, lda, i0, Math.min(m, i0 + MC), pc, kc, bp, jc, nc, 0, panels,
                                alpha, beta, first, c, cOff, ldc, packA);
                    }
                }
            }
        } finally {
            ws.releaseB();
        }
    }

    /**
     * Splits C into independent blocks, each multiplied serially over the whole k range (its
     * own packing, no barriers between k blocks): column blocks when C is at least as wide as
     * it is tall, else row blocks. Returns false when the problem is too narrow to split.
     */
    private static boolean splitIndependently(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                              float beta, float[] c, int cOff, int ldc) {
        int want = 2 * Parallel.threads();
        if (n >= m) {
            int panels = (n + NR - 1) / NR;
            if (panels < 2) {
                return false;
            }
            int per = (panels + Math.min(want, panels) - 1) / Math.min(want, panels) * NR;
            int tasks = (n + per - 1) / per;
            Parallel.tasks(tasks, t -> {
                int j0 = t * per;
                run(transA, transB, m, Math.min(per, n - j0), k, alpha, a, aOff, lda,
                        b, transB ? bOff + j0 * ldb : bOff + j0, ldb, beta, c, cOff + j0, ldc, false);
            });
        } else {
            int tiles = (m + MR - 1) / MR;
            if (tiles < 2) {
                return false;
            }
            int per = (tiles + Math.min(want, tiles) - 1) / Math.min(want, tiles) * MR;
            int tasks = (m + per - 1) / per;
            Parallel.tasks(tasks, t -> {
                int i0 = t * per;
                run(transA, transB, Math.min(per, m - i0), n, k, alpha, a, transA ? aOff + i0 : aOff + i0 * lda, lda,
                        b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc, false);
            });
        }
        return true;
    }

    /** C[i0..i1, jc + panels q0..q1] (+)= alpha * A[i0..i1, pc..pc+kc] * packed B. */
    private static void block(boolean transA, float[] a, int aOff, int lda, int i0, int i1, int pc, int kc,
                              float[] bp, int jc, int nc, int q0, int q1, float alpha, float beta,
                              boolean first, float[] c, int cOff, int ldc, boolean packA) {
        int rows = i1 - i0;
        Workspace ws = Workspace.acquireA();
        try {
            float[] tmp = ws.tmp();
            if (packA) {
                int tiles = (rows + MR - 1) / MR;
                float[] ap = ws.a(tiles * kc * MR);
                Packing.packA(transA, a, aOff, lda, i0, rows, pc, kc, ap);
                for (int q = q0; q < q1; q++) {
                    int j = q * NR;
                    int cols = Math.min(NR, nc - j);
                    int bIdx = q * kc * NR;
                    for (int t = 0; t < tiles; t++) {
                        int r = t * MR;
                        Micro.kernel4Packed(kc, ap, t * kc * MR, bp, bIdx, c, cOff + (i0 + r) * ldc + jc + j, ldc,
                                Math.min(MR, rows - r), cols, alpha, beta, first, tmp);
                    }
                }
            } else {
                int rs = transA ? 1 : lda;
                int ps = transA ? lda : 1;
                int full = rows / MR * MR;
                for (int q = q0; q < q1; q++) {
                    int j = q * NR;
                    int cols = Math.min(NR, nc - j);
                    int bIdx = q * kc * NR;
                    for (int r = 0; r < full; r += MR) {
                        int aIdx = aOff + (i0 + r) * rs + pc * ps;
                        Micro.kernel4(kc, a, aIdx, rs, ps, bp, bIdx, c, cOff + (i0 + r) * ldc + jc + j, ldc,
                                MR, cols, alpha, beta, first, tmp);
                    }
                    for (int r = full; r < rows; r++) {
                        int aIdx = aOff + (i0 + r) * rs + pc * ps;
                        Micro.kernel1(kc, a, aIdx, ps, bp, bIdx, c, cOff + (i0 + r) * ldc + jc + j,
                                cols, alpha, beta, first, tmp);
                    }
                }
            }
        } finally {
            ws.releaseA();
        }
    }

    /** C = beta * C (C not read when beta is 0). */
    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
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
    }
}
