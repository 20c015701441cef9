package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;
import java.util.Arrays;

/**
 * Direct (implicit-GEMM) loops for stride-1, single-group 2-D convolutions on the Vector API,
 * where the patch-matrix path would spend much of its time unfolding images and packing the
 * unfolded matrices. Each sample is copied into a zero-bordered buffer, so that every window tap
 * is in range; in that buffer the taps of one kernel row (dilation 1) are one contiguous run of
 * {@code kw * cin} values at a fixed offset from the window's corner, so a register tile of
 * output pixels times a packed panel of kernel columns reads its operands in place.
 *
 * <ul>
 *   <li>Forward: output pixels x packed kernel, with the bias and ReLU applied as the tile is
 *       stored.</li>
 *   <li>Input gradient: the same loop on the zero-bordered output gradient with the kernel
 *       flipped in space and transposed in channels (the adjoint of a stride-1 correlation is a
 *       correlation).</li>
 *   <li>Kernel gradient: kernel rows x output-gradient columns, summed over the pixels of a few
 *       samples at a time in registers; samples are cut into a fixed number of ranges whose sums
 *       are added in a fixed order, so results do not depend on the thread count.</li>
 * </ul>
 * Without the Vector API (or for other geometries) the patch-matrix path of {@link ConvKernels}
 * serves.
 */
public final class DirectConv {
    private static final String VECTOR = "io.cambium.tensor.kernels.vector.VectorDirectConv";
    private static final Tiles TILES = Kernels.loadVector(Tiles.class, VECTOR, "direct convolution",
            "the patch matrix");
    /** Kernel-gradient partial sums are kept for at most this many sample ranges. */
    private static final int MAX_PARTIALS = 8;
    /** Target size of the zero-bordered samples a kernel-gradient pass reads at once, in floats. */
    private static final int BLOCK_FLOATS = 1 << 15;
    /** Per-thread buffers, reused across calls: a zero-bordered sample, a block of them, a tile. */
    private static final ThreadScratch SCRATCH = new ThreadScratch(3);
    private static final int IMAGE = 0;
    private static final int BLOCK = 1;
    private static final int TILE = 2;

    /** The register-tile loops (a Vector API implementation). */
    public interface Tiles {
        /** Columns of a packed kernel panel; output channel counts must be multiples of it. */
        int panelWidth();

        /**
         * One sample: for each output pixel p and each output channel c of the packed panels
         * [q0, q1), {@code out[outOff + p * cout + c]} = sum over kernel rows r of
         * {@code xp[pixOff[p] + rowOff[r]] * kp[(q * krows + r) * W + c - q * W]} (W the panel width,
         * krows = rowOff.length), plus {@code bias[c]} when not null, then max(., 0) when
         * {@code relu}. {@code tmp} is scratch of at least 6 * W floats.
         */
        void forward(float[] xp, int[] pixOff, int[] rowOff, float[] kp, int cout, int q0, int q1, float[] bias,
                     boolean relu, float[] out, int outOff, float[] tmp);

        /**
         * Adds to {@code acc} [krows, cout] the products of the zero-bordered images and the output
         * gradient: {@code acc[r * cout + c]} += sum over output pixels p of
         * {@code xp[pixOff[p] + rowOff[r]] * dz[dzOff + p * cout + c]}.
         */
        void kernelGrad(float[] xp, int[] pixOff, int[] rowOff, float[] dz, int dzOff, int cout, float[] acc,
                        float[] tmp);
    }

    private DirectConv() {
    }

    /** Whether the forward pass and the kernel gradient of the geometry run here. */
    static boolean applies(ConvGeometry g) {
        return TILES != null && g.groups() == 1 && g.sh() == 1 && g.sw() == 1 && !g.isPointwise()
                && g.cout() % TILES.panelWidth() == 0;
    }

    /** Whether the backward pass runs here: the input gradient too when {@code withInput}. */
    static boolean appliesBackward(ConvGeometry g, boolean withInput) {
        // Kernel-gradient sums are split over samples: one sample would run on one thread.
        return applies(g) && g.n() >= 2 && (!withInput || g.cin() % TILES.panelWidth() == 0);
    }

    /** out = conv(x, k) (+ bias, then ReLU when {@code relu}); {@code out} is overwritten. */
    static void forward(ConvGeometry g, float[] x, float[] k, float[] bias, boolean relu, float[] out) {
        int wd = TILES.panelWidth();
        int panels = g.cout() / wd;
        Window win = new Window(g.kh(), g.kw(), g.dh(), g.dw(), g.ho(), g.wo(), g.cin());
        float[] kp = pack(k, win.krows, g.cout(), wd);
        int samplePixels = g.h() * g.w() * g.cin();
        int outPixels = g.outPixels() * g.cout();
        int[] pixOff = win.pixOff(g.ho(), g.wo(), 1);
        // Items are (sample, panel) pairs, so that small batches still keep every thread busy.
        Parallel.range(g.n() * panels, 1, (i0, i1) -> {
            try (ThreadScratch.Lease s = SCRATCH.acquire()) {
                float[] xp = s.floats(IMAGE, win.size());
                float[] tmp = s.floats(TILE, 6 * wd);
                Arrays.fill(xp, 0, win.size(), 0f);
                for (int i = i0; i < i1; ) {
                    int n = i / panels;
                    int q0 = i - n * panels;
                    int q1 = Math.min(i1, (n + 1) * panels) - n * panels;
                    win.fill(x, n * samplePixels, g.h(), g.w(), g.padTop(), g.padLeft(), xp, 0);
                    TILES.forward(xp, pixOff, win.rowOff, kp, g.cout(), q0, q1, bias, relu, out, n * outPixels,
                            tmp);
                    i = n * panels + q1;
                }
            }
        });
    }

    /**
     * Gradients of the convolution given the gradient {@code dz} of its output (before any bias
     * or ReLU): {@code dx} (may be null) is overwritten with dL/dx, {@code dk} (may be null) with
     * dL/dk.
     */
    static void backward(ConvGeometry g, float[] x, float[] k, float[] dz, float[] dx, float[] dk) {
        int wd = TILES.panelWidth();
        int ranges = Math.min(g.n(), MAX_PARTIALS);
        Window win = new Window(g.kh(), g.kw(), g.dh(), g.dw(), g.ho(), g.wo(), g.cin());
        // The input gradient correlates the output gradient, bordered so that the output is the
        // input's size, with the kernel turned by 180 degrees and its channels swapped.
        Window back = dx == null ? null : new Window(g.kh(), g.kw(), g.dh(), g.dw(), g.h(), g.w(), g.cout());
        float[] kt = dx == null ? null : packFlipped(k, g, wd);
        int kSize = win.krows * g.cout();
        float[][] partial = dk == null ? null : new float[ranges][];
        int sampleIn = g.h() * g.w() * g.cin();
        int sampleOut = g.outPixels() * g.cout();
        int perBlock = Math.min(Math.max(1, BLOCK_FLOATS / win.size()), (g.n() + ranges - 1) / ranges);
        int[] blockPix = dk == null ? null : win.pixOff(g.ho(), g.wo(), perBlock);
        int[] backPix = dx == null ? null : back.pixOff(g.h(), g.w(), 1);
        Parallel.range(ranges, 1, (r0, r1) -> {
            try (ThreadScratch.Lease s = SCRATCH.acquire()) {
                float[] tmp = s.floats(TILE, 6 * wd);
                for (int r = r0; r < r1; r++) {
                    int n0 = (int) ((long) g.n() * r / ranges);
                    int n1 = (int) ((long) g.n() * (r + 1) / ranges);
                    if (dk != null) {
                        float[] acc = r == 0 ? dk : new float[kSize];
                        if (r == 0) {
                            Arrays.fill(dk, 0f);
                        }
                        partial[r] = acc;
                        int blockSize = Math.min(perBlock, n1 - n0) * win.size();
                        float[] xp = s.floats(BLOCK, blockSize);
                        Arrays.fill(xp, 0, blockSize, 0f);
                        for (int b0 = n0; b0 < n1; b0 += perBlock) {
                            int b1 = Math.min(n1, b0 + perBlock);
                            for (int n = b0; n < b1; n++) {
                                win.fill(x, n * sampleIn, g.h(), g.w(), g.padTop(), g.padLeft(), xp,
                                        (n - b0) * win.size());
                            }
                            int[] pix = b1 - b0 == perBlock ? blockPix : win.pixOff(g.ho(), g.wo(), b1 - b0);
                            TILES.kernelGrad(xp, pix, win.rowOff, dz, b0 * sampleOut, g.cout(), acc, tmp);
                        }
                    }
                    if (dx != null) {
                        float[] dzp = s.floats(IMAGE, back.size());
                        Arrays.fill(dzp, 0, back.size(), 0f);
                        int top = (g.kh() - 1) * g.dh() - g.padTop();
                        int left = (g.kw() - 1) * g.dw() - g.padLeft();
                        for (int n = n0; n < n1; n++) {
                            back.fill(dz, n * sampleOut, g.ho(), g.wo(), top, left, dzp, 0);
                            TILES.forward(dzp, backPix, back.rowOff, kt, g.cin(), 0, g.cin() / wd, null, false, dx,
                                    n * sampleIn, tmp);
                        }
                    }
                }
            }
        });
        if (dk != null) {
            for (int r = 1; r < ranges; r++) {
                float[] p = partial[r];
                for (int i = 0; i < kSize; i++) {
                    dk[i] += p[i];
                }
            }
        }
    }

    /** The kernel [krows, cout] as panels of {@code wd} columns: panel q holds rows of its columns. */
    private static float[] pack(float[] k, int krows, int cout, int wd) {
        float[] kp = new float[krows * cout];
        for (int q = 0; q < cout / wd; q++) {
            for (int r = 0; r < krows; r++) {
                System.arraycopy(k, r * cout + q * wd, kp, (q * krows + r) * wd, wd);
            }
        }
        return kp;
    }

    /**
     * The kernel for the input gradient, packed: rows (ky', kx', co) and columns ci, with
     * k'[ky'][kx'][co][ci] = k[kh-1-ky'][kw-1-kx'][ci][co].
     */
    private static float[] packFlipped(float[] k, ConvGeometry g, int wd) {
        int cin = g.cin();
        int cout = g.cout();
        int taps = g.kh() * g.kw();
        int krows = taps * cout;
        float[] kp = new float[krows * cin];
        for (int tap = 0; tap < taps; tap++) {
            int src = (taps - 1 - tap) * cin * cout;
            for (int co = 0; co < cout; co++) {
                int row = tap * cout + co;
                for (int ci = 0; ci < cin; ci++) {
                    kp[((ci / wd) * krows + row) * wd + ci % wd] = k[src + ci * cout + co];
                }
            }
        }
        return kp;
    }

    /**
     * The zero-bordered buffer of one sample for a stride-1 window of kh x kw taps (dilations dh,
     * dw) and an output of ho x wo pixels of c channels, and the offsets of the window's taps in it.
     */
    private static final class Window {
        final int hp;
        final int wp;
        final int c;
        /** Offsets of the runs of consecutive taps (a kernel row when dw = 1, else one tap). */
        final int[] runOff;
        final int runLen;
        /** Kernel rows (ky, kx, channel): kh * kw * c. */
        final int krows;
        /** Offset of each kernel row's value from the window's corner. */
        final int[] rowOff;

        Window(int kh, int kw, int dh, int dw, int ho, int wo, int c) {
            this.hp = ho + (kh - 1) * dh;
            this.wp = wo + (kw - 1) * dw;
            this.c = c;
            this.krows = kh * kw * c;
            if (dw == 1) {
                runLen = kw * c;
                runOff = new int[kh];
                for (int ky = 0; ky < kh; ky++) {
                    runOff[ky] = ky * dh * wp * c;
                }
            } else {
                runLen = c;
                runOff = new int[kh * kw];
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        runOff[ky * kw + kx] = (ky * dh * wp + kx * dw) * c;
                    }
                }
            }
            rowOff = new int[krows];
            for (int r = 0; r < runOff.length; r++) {
                for (int t = 0; t < runLen; t++) {
                    rowOff[r * runLen + t] = runOff[r] + t;
                }
            }
        }

        int size() {
            return hp * wp * c;
        }

        /**
         * Offsets of the windows of the ho x wo output pixels of {@code samples} consecutive
         * buffers, in output order.
         */
        int[] pixOff(int ho, int wo, int samples) {
            int[] off = new int[samples * ho * wo];
            int i = 0;
            for (int s = 0; s < samples; s++) {
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        off[i++] = s * size() + (oy * wp + ox) * c;
                    }
                }
            }
            return off;
        }

        /**
         * Copies an image [h, w, c] at {@code src[srcOff]} into the buffer at {@code dst[dstOff]}
         * with its corner at (top, left); parts outside the buffer are dropped, the border is left
         * as it is (zero).
         */
        void fill(float[] src, int srcOff, int h, int w, int top, int left, float[] dst, int dstOff) {
            int y0 = Math.max(0, top);
            int y1 = Math.min(hp, top + h);
            int x0 = Math.max(0, left);
            int x1 = Math.min(wp, left + w);
            if (x1 <= x0) {
                return;
            }
            for (int y = y0; y < y1; y++) {
                System.arraycopy(src, srcOff + ((y - top) * w + x0 - left) * c, dst, dstOff + (y * wp + x0) * c,
                        (x1 - x0) * c);
            }
        }
    }
}
