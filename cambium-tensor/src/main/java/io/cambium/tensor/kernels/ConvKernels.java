package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;

/**
 * Channels-last 2-D convolution on raw arrays: input [n, h, w, cin], kernel
 * [kh, kw, cin / groups, cout] (read as the matrix [kh * kw * cin / groups, cout]), output
 * [n, ho, wo, cout]. The batch is cut into blocks of samples whose size depends only on the
 * geometry; each block is unfolded by {@link Im2Col}, a chunk of patch rows at a time (large
 * images are never unfolded whole), into a small buffer and multiplied with {@link Kernels#gemm()}. Blocks run in parallel, and kernel gradients are summed per fixed block
 * range in a fixed order, so results do not depend on the thread count. For the kernel gradient
 * the patch matrix is unfolded transposed, so that its GEMM sees plain operands. Depthwise
 * convolutions (one input channel per group) use direct loops instead, as does the forward pass
 * of a single-channel input when the Vector API is present ({@link SingleChannelConv}).
 */
public final class ConvKernels {
    /** Target size of one block's patch matrix, in floats (fits in a per-core L2 cache). */
    private static final int BLOCK_FLOATS = 1 << 16;
    /** Kernel-gradient partial sums are kept for at most this many block ranges. */
    private static final int MAX_PARTIALS = 8;

    private ConvKernels() {
    }

    /** Patch rows unfolded at a time. */
    static int rowsPerChunk(ConvGeometry g) {
        int width = Math.max(1, Math.max(g.colWidth(), g.coutG()));
        return Math.min(samplesPerBlock(g) * g.outPixels(), Math.max(1, BLOCK_FLOATS / width));
    }

    /** Samples per block. */
    static int samplesPerBlock(ConvGeometry g) {
        long perSample = Math.max(1L, (long) g.outPixels() * Math.max(g.colWidth(), g.coutG()));
        int s = (int) Math.max(1, BLOCK_FLOATS / perSample);
        return Math.min(s, Math.max(1, g.n() / MAX_PARTIALS));
    }

    /** out = conv(x, k); {@code out} is overwritten. */
    public static void forward(ConvGeometry g, float[] x, float[] k, float[] out) {
        forward(g, x, k, null, false, out);
    }

    /**
     * out = conv(x, k), plus {@code bias} (may be null), then max(., 0) when {@code relu}
     * ({@link #biasRelu}); {@code out} is overwritten.
     */
    public static void forward(ConvGeometry g, float[] x, float[] k, float[] bias, boolean relu, float[] out) {
        if (DirectConv.applies(g)) {
            DirectConv.forward(g, x, k, bias, relu, out);
            return;
        }
        patchForward(g, x, k, out);
        if (bias != null || relu) {
            biasRelu(out, bias, g.cout(), relu);
        }
    }

    private static void patchForward(ConvGeometry g, float[] x, float[] k, float[] out) {
        int spb = samplesPerBlock(g);
        int blocks = (g.n() + spb - 1) / spb;
        boolean serialGemm = blocks >= Parallel.threads();
        Parallel.RangeBody body = (b0, b1) -> {
            boolean single = SingleChannelConv.applies(g);
            float[] col = g.isPointwise() || g.isDepthwise() || single ? null : new float[rowsPerChunk(g) * g.colWidth()];
            for (int b = b0; b < b1; b++) {
                int n0 = b * spb;
                int n1 = Math.min(g.n(), n0 + spb);
                if (g.isDepthwise()) {
                    Depthwise.forward(g, x, k, out, n0, n1);
                } else if (single) {
                    SingleChannelConv.forward(g, x, k, out, n0, n1);
                } else {
                    forwardBlock(g, x, k, out, n0, n1, col, serialGemm);
                }
            }
        };
        if (serialGemm) {
            Parallel.range(blocks, 1, body);
        } else {
            body.run(0, blocks);
        }
    }

    private static void forwardBlock(ConvGeometry g, float[] x, float[] k, float[] out, int n0, int n1,
                                     float[] col, boolean serialGemm) {
        int kg = g.colWidth();
        int cog = g.coutG();
        int chunk = rowsPerChunk(g);
        int end = n1 * g.outPixels();
        for (int r0 = n0 * g.outPixels(); r0 < end; r0 += chunk) {
            int r1 = Math.min(end, r0 + chunk);
            for (int grp = 0; grp < g.groups(); grp++) {
                float[] a;
                int aOff;
                int lda;
                if (g.isPointwise()) {
                    a = x;
                    aOff = r0 * g.cin();
                    lda = g.cin();
                } else {
                    Im2Col.im2col(g, x, r0, r1, grp, col);
                    a = col;
                    aOff = 0;
                    lda = kg;
                }
                gemm(serialGemm, false, false, r1 - r0, cog, kg, a, aOff, lda, k, grp * cog, g.cout(), 0f,
                        out, r0 * g.cout() + grp * cog, g.cout());
            }
        }
    }

    /**
     * Gradients of the convolution: {@code dx} (may be null when not wanted) receives dL/dx and
     * must be zero on entry; {@code dk} (may be null) is overwritten with dL/dk.
     */
    public static void backward(ConvGeometry g, float[] x, float[] k, float[] dy, float[] dx, float[] dk) {
        if (DirectConv.appliesBackward(g, dx != null)) {
            DirectConv.backward(g, x, k, dy, dx, dk);
            return;
        }
        if (dk != null && DirectConv.appliesBackward(g, false)) {
            DirectConv.backward(g, x, k, dy, null, dk);
            dk = null;
        }
        patchBackward(g, x, k, dy, dx, dk);
    }

    private static void patchBackward(ConvGeometry g, float[] x, float[] k, float[] dy, float[] dx, float[] dk) {
        int spb = samplesPerBlock(g);
        int blocks = (g.n() + spb - 1) / spb;
        int ranges = Math.min(blocks, MAX_PARTIALS);
        int kSize = g.kh() * g.kw() * g.cinG() * g.cout();
        float[][] partial = dk == null ? null : new float[ranges][];
        boolean serialGemm = ranges >= Parallel.threads();
        Parallel.RangeBody body = (r0, r1) -> {
            int rowsMax = rowsPerChunk(g);
            boolean direct = g.isPointwise() || g.isDepthwise();
            float[] col = direct || dk == null ? null : new float[rowsMax * g.colWidth()];
            float[] dcol = direct || dx == null ? null : new float[rowsMax * g.colWidth()];
            for (int r = r0; r < r1; r++) {
                float[] acc = null;
                if (dk != null) {
                    acc = r == 0 ? dk : new float[kSize];
                    partial[r] = acc;
                }
                int bStart = (int) ((long) blocks * r / ranges);
                int bEnd = (int) ((long) blocks * (r + 1) / ranges);
                for (int b = bStart; b < bEnd; b++) {
                    int n0 = b * spb;
                    int n1 = Math.min(g.n(), n0 + spb);
                    if (g.isDepthwise()) {
                        Depthwise.backward(g, x, k, dy, dx, acc, n0, n1, b == bStart);
                    } else {
                        backwardBlock(g, x, k, dy, dx, acc, n0, n1, b == bStart, col, dcol, serialGemm);
                    }
                }
            }
        };
        if (serialGemm) {
            Parallel.range(ranges, 1, body);
        } else {
            body.run(0, ranges);
        }
        if (dk != null) {
            for (int r = 1; r < ranges; r++) {
                float[] p = partial[r];
                for (int i = 0; i < kSize; i++) {
                    dk[i] += p[i];
                }
            }
        }
    }

    private static void backwardBlock(ConvGeometry g, float[] x, float[] k, float[] dy, float[] dx, float[] dk,
                                      int n0, int n1, boolean first, float[] col, float[] dcol, boolean serialGemm) {
        int kg = g.colWidth();
        int cog = g.coutG();
        int chunk = rowsPerChunk(g);
        int end = n1 * g.outPixels();
        for (int r0 = n0 * g.outPixels(); r0 < end; r0 += chunk, first = false) {
            int r1 = Math.min(end, r0 + chunk);
            int rows = r1 - r0;
            int dyOff = r0 * g.cout();
            for (int grp = 0; grp < g.groups(); grp++) {
                if (dk != null) {
                    if (g.isPointwise()) {
                        gemm(serialGemm, true, false, kg, cog, rows, x, r0 * g.cin(), g.cin(), dy, dyOff + grp * cog,
                                g.cout(), first ? 0f : 1f, dk, grp * cog, g.cout());
                    } else {
                        // The patch matrix is unfolded transposed: the GEMM is faster on plain operands.
                        Im2Col.im2colTransposed(g, x, r0, r1, grp, col);
                        gemm(serialGemm, false, false, kg, cog, rows, col, 0, rows, dy, dyOff + grp * cog,
                                g.cout(), first ? 0f : 1f, dk, grp * cog, g.cout());
                    }
                }
                if (dx != null) {
                    if (g.isPointwise()) {
                        gemm(serialGemm, false, true, rows, kg, cog, dy, dyOff, g.cout(), k, 0, g.cout(), 0f,
                                dx, r0 * g.cin(), g.cin());
                    } else {
                        gemm(serialGemm, false, true, rows, kg, cog, dy, dyOff + grp * cog, g.cout(), k, grp * cog,
                                g.cout(), 0f, dcol, 0, kg);
                        Im2Col.col2imAdd(g, dcol, r0, r1, grp, dx);
                    }
                }
            }
        }
    }

    /** Rows of the output matrix per task of the bias/ReLU passes (fixed, so sums do not depend on threads). */
    private static final int EPILOGUE_ROWS = 512;

    /**
     * Adds {@code bias} (may be null) to every row of the output matrix [rows, cout] in place,
     * then, when {@code relu}, replaces each value v by max(v, 0).
     */
    public static void biasRelu(float[] out, float[] bias, int cout, boolean relu) {
        int rows = out.length / cout;
        Parallel.range(rows, EPILOGUE_ROWS, (r0, r1) -> {
            if (bias == null) {                 // then relu: the caller has work for this pass
                for (int i = r0 * cout; i < r1 * cout; i++) {
                    out[i] = Math.max(out[i], 0f);
                }
                return;
            }
            for (int o = r0 * cout; o < r1 * cout; o += cout) {
                if (relu) {
                    for (int c = 0; c < cout; c++) {
                        out[o + c] = Math.max(out[o + c] + bias[c], 0f);
                    }
                } else {
                    for (int c = 0; c < cout; c++) {
                        out[o + c] += bias[c];
                    }
                }
            }
        });
    }

    /**
     * The backward pass of {@code relu(conv(x, k) + bias)} given the op's output {@code out} and
     * its gradient {@code dy}: overwrites {@code db} (may be null) with the bias gradient and
     * {@code dk} (may be null) with the kernel gradient, and writes the input gradient into
     * {@code dx} (may be null; zero on entry). The gradient before the ReLU lives in a per-thread
     * buffer reused across calls.
     */
    public static void biasReluConvBackward(ConvGeometry g, float[] x, float[] k, float[] out, float[] dy,
                                            boolean relu, float[] dx, float[] dk, float[] db) {
        try (ThreadScratch.Lease lease = RELU_GRADIENT.acquire()) {
            float[] dz = relu ? lease.floats(0, dy.length) : dy;
            if (relu || db != null) {
                biasReluBackward(out, dy, dz, g.cout(), relu, db);
            }
            if (dx != null || dk != null) {
                backward(g, x, k, dz, dx, dk);
            }
        }
    }

    /**
     * The gradient before the ReLU, per thread (the thread that runs the backward pass). It is
     * held across parallel calls, during which a pool thread may run another convolution's
     * backward pass: the lease keeps the two apart.
     */
    private static final ThreadScratch RELU_GRADIENT = new ThreadScratch(1);

    /**
     * The backward pass of {@link #biasRelu} given the pass's output {@code out}: writes the
     * gradient before the ReLU into {@code dz} (when {@code relu}; {@code dz} may be {@code dy}
     * otherwise) and overwrites {@code db} (may be null) with the bias gradient, its column sums.
     */
    static void biasReluBackward(float[] out, float[] dy, float[] dz, int cout, boolean relu, float[] db) {
        int rows = out.length / cout;
        int tasks = (rows + EPILOGUE_ROWS - 1) / EPILOGUE_ROWS;
        float[][] partial = db == null ? null : new float[tasks][cout];
        ReluRows loop = ReluRows.inUse();
        Parallel.range(tasks, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                loop.backward(out, dy, dz, partial == null ? null : partial[t], cout, t * EPILOGUE_ROWS,
                        Math.min(rows, (t + 1) * EPILOGUE_ROWS), relu);
            }
        });
        if (db != null) {
            java.util.Arrays.fill(db, 0f);
            for (float[] p : partial) {
                for (int c = 0; c < cout; c++) {
                    db[c] += p[c];
                }
            }
        }
    }

    private static void gemm(boolean serial, boolean ta, boolean tb, int m, int n, int k, float[] a, int aOff,
                             int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (serial) {
            Kernels.gemm().sgemmSerial(ta, tb, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            Kernels.gemm().sgemm(ta, tb, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }
}
