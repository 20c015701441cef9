package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.ThreadScratch;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API ({@code jdk.incubator.vector}): a register-blocked micro-kernel of
 * {@link #MR} rows by two vectors of columns, over B packed into column panels and (for large
 * problems) A packed into row panels, with blocking over k, m and n for the caches. The kernel's
 * shape is chosen once for the machine's vector width and register count ({@link GemmShape}: 6
 * rows of up to 256-bit vectors for AVX2's 16 registers, 14 rows of 512-bit vectors for
 * AVX-512's 32).
 *
 * <p>Every element of C is accumulated in the same order (fused multiply-adds over k in blocks
 * of {@link #KC}, each block added to C) whatever the partition into tasks, the thread count,
 * whether A is packed or whether the few-rows path runs, so results are bitwise identical at any
 * thread count and between {@link #sgemm} and {@link #sgemmSerial}.
 */
public final class VectorGemm implements Gemm {
    /** The register shape of the micro-kernel, fixed for the JVM (see {@link GemmShape}). */
    static final GemmShape SHAPE = GemmShape.IN_USE;
    /** Whether the tiles are AVX-512's (14 rows of 512-bit vectors) rather than AVX2's. */
    static final boolean WIDE = SHAPE == GemmShape.AVX512;
    /**
     * The vectors: 512 bits for the AVX-512 shape; otherwise the preferred ones up to 256 bits (so
     * that the AVX2 shape, forced on an AVX-512 machine, has the vectors it was made for).
     */
    static final VectorSpecies<Float> S = WIDE ? FloatVector.SPECIES_512
            : FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register block of the packed kernel. */
    static final int MR = SHAPE.rows();
    /**
     * Floats per k step in a packed A tile: the MR values and 2 unused ones, so that the A index
     * of the kernel is half the B index (NR = 2 L = 2 AS) plus a constant (C2 then derives one from
     * the other and removes the range checks; with a step of 6 it kept two checks per k step in
     * the loop).
     */
    static final int AS = MR + 2;
    /** Tiles of at most this many rows take the 6-row kernel (the AVX2 shape's; only it there). */
    static final int SHORT_TILE = 6;
    /** Rows of the kernel that reads A in place (small n, where A is not packed). */
    static final int MR_PLAIN = 4;
    /** Columns of the register block: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a k block: a packed B micro-panel (KC x NR) stays in L1. */
    static final int KC = 256;
    /** Rows of C per task (a multiple of MR): the packed A block (MC x KC) stays in L2. */
    static final int MC = WIDE ? 126 : 120;
    /** Columns of C per task: the packed B block (KC x NB) and the C block (MC x NB) stay in L2 too. */
    static final int NB = 128;
    /**
     * The packed panels, reused per calling thread so that repeated multiplies do not allocate
     * (the calling thread's tasks write into its lease).
     */
    private static final ThreadScratch PACKING = new ThreadScratch(2);
    private static final int A_PANELS = 0;
    private static final int B_PANELS = 1;
    /** At most this many floats of packed A at once (rows are packed in groups over the whole k). */
    static final int A_LIMIT = 1 << 20;
    /** At most this many floats of packed B at once (columns are packed in groups over the whole k). */
    static final int B_LIMIT = 1 << 21;
    /** Packing parts per worker and k block when parallel (see {@code group}). */
    static final int PACK_PARTS = 2;
    /** Below this many flops (2mnk) {@link #sgemm} stays on the calling thread. */
    static final long PARALLEL_FLOPS = 1L << 21;
    /**
     * Up to this many columns, row-major A is not packed with the AVX2 shape: {@code Micro.kernel6}
     * reads it in place, a tile of 6 rows at a time over all the column panels (1020 x n x 64,
     * single thread, CPU time: n = 64 118 us in place against 137 packed, n = 128 233 against 294,
     * n = 256 438 against 449; 1020 x 64 x 256 449-490 against 556).
     */
    static final int IN_PLACE_N = 8 * NR;
    /**
     * Whether the AVX2 shape reads row-major A in place at all ({@link #IN_PLACE_N}), or always
     * packs it. In place on JDK 25 and later, packed before: on JDK 17, C2's code for the in-place
     * kernel ran slower, and W5 (GPT training, whose k = 128 products have n = 128) trained at
     * 9,776 / 10,859 / 10,646 tokens/s in place against 11,056 / 11,770 / 12,662 packed
     * (alternating runs, Zen 3); on JDK 25 in place 10,356 / 12,951 / 10,948 against 9,878 /
     * 9,912 / 12,368 packed. {@code -Dcambium.gemm.inPlace=true|false} sets it (the tests run
     * both ways).
     */
    static final boolean IN_PLACE = Boolean.parseBoolean(
            System.getProperty("cambium.gemm.inPlace", String.valueOf(Runtime.version().feature() >= 25)));
    /** Up to this many rows, B is read in place row by row (no packing). */
    static final int FEW_ROWS = 3;

    @Override
    public String name() {
        return "vector(FloatVector " + S.vectorBitSize() + "-bit, GEMM " + SHAPE.label() + " " + MR + "x" + NR + ")";
    }

    @Override
    public int vectorBits() {
        return S.vectorBitSize();
    }

    /**
     * The depth of the k blocks: each element of C is accumulated by a chain of fused
     * multiply-adds over one block at a time, each block's sum (times alpha) added to C.
     */
    public static int kBlock() {
        return KC;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        boolean parallel = Parallel.threads() > 1 && 2L * m * n * k >= PARALLEL_FLOPS;
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, parallel, null, false);
    }

    /**
     * The product with the bias and ReLU applied to each block of C as soon as the block is
     * finished (while it is in cache), instead of in a pass over all of C afterwards: the same
     * values, bit for bit.
     */
    @Override
    public void sgemmBiasRelu(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float[] bias, boolean relu, float[] c, int cOff, int ldc) {
        boolean parallel = Parallel.threads() > 1 && 2L * m * n * k >= PARALLEL_FLOPS;
        run(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc, parallel, bias, relu);
    }

    @Override
    public void sgemmSerial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false, null, false);
    }

    private static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc, boolean parallel, float[] bias, boolean relu) {
        if (m <= 0 || n <= 0) {
            return;
        }
        boolean epilogue = bias != null || relu;
        if (k <= 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            if (epilogue) {
                Gemm.biasRelu(c, cOff, ldc, 0, m, 0, n, bias, relu);
            }
            return;
        }
        if (m <= FEW_ROWS && !transB) {
            FewRows.multiply(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, parallel);
            if (epilogue) {
                Gemm.biasRelu(c, cOff, ldc, 0, m, 0, n, bias, relu);
            }
            return;
        }
        // Packing A costs a copy of A; it pays off when the copy is reused over many column
        // panels or when A is transposed (strided reads). With the AVX2 shape, row-major A is read
        // in place by a 6-row kernel up to IN_PLACE_N columns (the 14-row AVX-512 tile keeps
        // packing: 14 row bases would not stay in registers).
        boolean packA = transA || n > (WIDE ? 2 * NR : IN_PLACE ? IN_PLACE_N : 0);
        // Column and row groups packed over the whole k at once, within the memory limits.
        int nGroup = Math.max(NR, Math.min(roundUp(n, NR), B_LIMIT / k / NR * NR));
        int mGroup = packA ? Math.max(MR, Math.min(roundUp(m, MR), A_LIMIT / k / MR * MR)) : m;
        int workers = parallel ? Parallel.threads() : 1;
        try (ThreadScratch.Lease ws = PACKING.acquire()) {
            int groups = ((n + nGroup - 1) / nGroup) * ((m + mGroup - 1) / mGroup);
            Phases phases = workers > 1 ? new Phases(2 * groups) : Phases.SERIAL;
            float[] bp = ws.floats(B_PANELS, Math.min(roundUp(n, NR), nGroup) * k);
            float[] ap = packA ? ws.floats(A_PANELS, Math.min(roundUp(m, MR), mGroup) / MR * AS * k) : null;
            Parallel.TaskBody region = w -> {
                int phase = 0;
                for (int js = 0; js < n; js += nGroup) {
                    for (int is = 0; is < m; is += mGroup) {
                        group(transA, transB, js, Math.min(nGroup, n - js), is, Math.min(mGroup, m - is), k,
                                alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ap, bp, workers,
                                phases, phase, bias, relu);
                        phase += 2;
                    }
                }
            };
            // One parallel region per call: the pool worker is woken once, and while it wakes up
            // the calling thread is already packing.
            if (workers > 1) {
                Parallel.tasks(workers, region);
            } else {
                region.run(0);
            }
        }
    }

    /**
     * One group of columns js..js+nc and rows is..is+mc: packs its B columns (first row group
     * only) and A rows over the whole k, one item per k block (phase {@code phase}), then computes
     * independent blocks of C over the whole k (phase {@code phase + 1}).
     */
    private static void group(boolean transA, boolean transB, int js, int nc, int is, int mc, int k,
                              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc, float[] ap, float[] bp, int workers,
                              Phases phases, int phase, float[] bias, boolean relu) {
        int kBlocks = (k + KC - 1) / KC;
        int panels = (nc + NR - 1) / NR;
        int tiles = (mc + MR - 1) / MR;
        boolean packB = is == 0;
        // Each k block's packing is cut into parts (panels of B, tiles of A) that the workers share:
        // with k at most one block (W5's k = 128 products) one item per operand left one thread
        // packing all of A while the other waited at the phase's end.
        int bParts = !packB ? 0 : workers > 1 ? Math.min(panels, PACK_PARTS * workers) : 1;
        int aParts = ap == null ? 0 : workers > 1 ? Math.min(tiles, PACK_PARTS * workers) : 1;
        int parts = bParts + aParts;
        phases.run(phase, kBlocks * parts, item -> {
            int pc = item / parts * KC;
            int kc = Math.min(KC, k - pc);
            int part = item % parts;
            if (part < bParts) {
                Packing.packB(transB, b, bOff, ldb, pc, kc, js, nc, part * panels / bParts, (part + 1) * panels / bParts,
                        bp, pc * panels * NR);
            } else {
                int t0 = (part - bParts) * tiles / aParts;
                int t1 = (part - bParts + 1) * tiles / aParts;
                Packing.packA(transA, a, aOff, lda, is + t0 * MR, Math.min(mc, t1 * MR) - t0 * MR, pc, kc, ap,
                        pc * tiles * AS + t0 * kc * AS);
            }
        });
        int mb = MC;
        int nb = NB;
        if (workers > 1) {
            int want = 4 * workers;
            while (blocks(mc, mb, nc, nb) < want && nb > NR) {
                nb = roundUp(nb / 2, NR);
            }
            while (blocks(mc, mb, nc, nb) < want && mb > MR) {
                mb = roundUp(mb / 2, MR);
            }
        }
        int mbF = mb;
        int nbF = nb;
        int nCols = (nc + nb - 1) / nb;
        phases.run(phase + 1, blocks(mc, mb, nc, nb), blk -> {
            int i0 = (blk / nCols) * mbF;
            int j0 = (blk % nCols) * nbF;
            int i1 = Math.min(mc, i0 + mbF);
            int j1 = Math.min(nc, j0 + nbF);
            block(transA, a, aOff, lda, is, i0, i1, tiles, ap, k, bp, panels, js, j0, j1, alpha, beta, c, cOff, ldc);
            if (bias != null || relu) {
                // The block is complete over the whole k: add the bias and apply the ReLU while it
                // is in cache (a pass over all of C afterwards re-read it from L3).
                Gemm.biasRelu(c, cOff, ldc, is + i0, is + i1, js + j0, js + j1, bias, relu);
            }
        });
    }

    private static int blocks(int m, int mb, int n, int nb) {
        return ((m + mb - 1) / mb) * ((n + nb - 1) / nb);
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /** A body over item indices. */
    @FunctionalInterface
    interface ItemBody {
        void run(int item);
    }

    /**
     * Runs items 0..count-1, on one worker per thread that take items in turn when parallel.
     * Which thread runs an item never changes what the item computes.
     */
    static void forEach(int count, boolean parallel, ItemBody body) {
        int workers = parallel ? Math.min(Parallel.threads(), count) : 1;
        if (workers <= 1) {
            for (int i = 0; i < count; i++) {
                body.run(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Parallel.tasks(workers, w -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                body.run(i);
            }
        });
    }

    /**
     * C[is+i0..is+i1, js+j0..js+j1] (+)= alpha * A * B over the whole k, from packed B (and
     * packed A when {@code ap} is not null), k block by k block.
     */
    private static void block(boolean transA, float[] a, int aOff, int lda, int is, int i0, int i1, int tiles,
                              float[] ap, int k, float[] bp, int panels, int js, int j0, int j1,
                              float alpha, float beta, float[] c, int cOff, int ldc) {
        float[] tmp = new float[MR * NR];
        int rows = i1 - i0;
        int q0 = j0 / NR;
        int q1 = (j1 + NR - 1) / NR;
        int t0 = i0 / MR;
        int t1 = (i1 + MR - 1) / MR;
        int rs = transA ? 1 : lda;
        int ps = transA ? lda : 1;
        int full = rows / MR_PLAIN * MR_PLAIN;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean first = pc == 0;
            int bBase = pc * panels * NR;
            int aBase = ap == null ? 0 : pc * tiles * AS;
            if (ap == null && !transA && !WIDE) {
                inPlace(kc, a, aOff + pc, lda, is, i0, i1, bp, bBase, q0, q1, js, j1, alpha, beta, first, c, cOff, ldc, tmp);
                continue;
            }
            for (int q = q0; q < q1; q++) {
                int j = q * NR;
                int cols = Math.min(NR, j1 - j);
                int bIdx = bBase + q * kc * NR;
                int cCol = cOff + js + j;
                if (ap != null) {
                    for (int t = t0; t < t1; t++) {
                        int r = t * MR;
                        int tileRows = Math.min(MR, i1 - r);
                        if (WIDE && tileRows > SHORT_TILE) {
                            Micro.kernel14Packed(kc, ap, aBase + t * kc * AS, bp, bIdx, c, cCol + (is + r) * ldc, ldc,
                                    tileRows, cols, alpha, beta, first, tmp);
                        } else {
                            // A short last tile (m = 32: 14 + 14 + 4 rows) takes the 6-row kernel,
                            // which reads the first 6 rows of the same packed tile: 34 rows computed
                            // instead of 42 (W4's batch blocks, W2's and W3's batches of 64 and 128).
                            Micro.kernel6Packed(kc, ap, aBase + t * kc * AS, bp, bIdx, c, cCol + (is + r) * ldc, ldc,
                                    tileRows, cols, alpha, beta, first, tmp);
                        }
                    }
                } else {
                    for (int r = i0; r < i0 + full; r += MR_PLAIN) {
                        int aIdx = aOff + (is + r) * rs + pc * ps;
                        Micro.kernel4(kc, a, aIdx, rs, ps, bp, bIdx, c, cCol + (is + r) * ldc, ldc,
                                MR_PLAIN, cols, alpha, beta, first, tmp);
                    }
                    for (int r = i0 + full; r < i1; r++) {
                        int aIdx = aOff + (is + r) * rs + pc * ps;
                        Micro.kernel1(kc, a, aIdx, ps, bp, bIdx, c, cCol + (is + r) * ldc,
                                cols, alpha, beta, first, tmp);
                    }
                }
            }
        }
    }

    /**
     * One k block of C[is+i0..is+i1, js+q0*NR..js+j1] from row-major A read in place ({@code a}
     * at the block's first k) and packed B: tile by tile (6 rows, then 4, then 1), each over all
     * the column panels, so that the tile's rows of A stay in L1 while B's panels stream.
     */
    private static void inPlace(int kc, float[] a, int aOff, int lda, int is, int i0, int i1, float[] bp, int bBase,
                                int q0, int q1, int js, int j1, float alpha, float beta, boolean first,
                                float[] c, int cOff, int ldc, float[] tmp) {
        int r = i0;
        for (; r + 6 <= i1; r += 6) {
            int aIdx = aOff + (is + r) * lda;
            int cRow = cOff + (is + r) * ldc + js;
            for (int q = q0; q < q1; q++) {
                int j = q * NR;
                Micro.kernel6(kc, a, aIdx, lda, bp, bBase + q * kc * NR, c, cRow + j, ldc, 6, Math.min(NR, j1 - j),
                        alpha, beta, first, tmp);
            }
        }
        for (; r + MR_PLAIN <= i1; r += MR_PLAIN) {
            int aIdx = aOff + (is + r) * lda;
            int cRow = cOff + (is + r) * ldc + js;
            for (int q = q0; q < q1; q++) {
                int j = q * NR;
                Micro.kernel4(kc, a, aIdx, lda, 1, bp, bBase + q * kc * NR, c, cRow + j, ldc, MR_PLAIN,
                        Math.min(NR, j1 - j), alpha, beta, first, tmp);
            }
        }
        for (; r < i1; r++) {
            int aIdx = aOff + (is + r) * lda;
            int cRow = cOff + (is + r) * ldc + js;
            for (int q = q0; q < q1; q++) {
                int j = q * NR;
                Micro.kernel1(kc, a, aIdx, 1, bp, bBase + q * kc * NR, c, cRow + j, Math.min(NR, j1 - j), alpha, beta,
                        first, tmp);
            }
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
