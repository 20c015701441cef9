package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.DirectConv;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConv.Tiles} on the Vector API: register tiles of {@link #MR} rows by two vectors
 * of columns, accumulated with fused multiply-adds; A values are broadcast straight from the
 * zero-bordered image (no patch matrix), B is the packed kernel or the output gradient.
 */
public final class VectorDirectConv implements DirectConv.Tiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of a tile (two vectors). */
    private static final int NR = 2 * L;
    /** Rows of a tile: 6 x 2 accumulators, 2 kernel vectors and a broadcast fill 15 of 16 AVX2 registers. */
    private static final int MR = 6;
    /** Shortest run of consecutive taps that the forward tile takes as one loop ({@link #fwdRun}). */
    private static final int MIN_RUN = 16;
    /** Pixels of a kernel-gradient chunk. */
    private static final int CHUNK = 64;

    /**
     * Whether tiles go straight to their destination and kernel rows run as loops over runs of
     * taps. JDK 25's C2 compiles that form 15-25 % faster than the row-by-row tile through
     * {@code tmp}; JDK 17's compiles it slower (the run loop ~2x), so there the tiles keep the
     * older form (docs/decisions/conv-kernels.md).
     */
    private final boolean direct;

    /** The form that suits the running JDK. */
    public VectorDirectConv() {
        this(Runtime.version().feature() >= 25);
    }

    /** A given form ({@code direct}: in-place tiles and run loops), for tests of both. */
    public VectorDirectConv(boolean direct) {
        this.direct = direct;
    }

    @Override
    public int panelWidth() {
        return NR;
    }

    @Override
    public void forward(float[] xp, int[] pixOff, int[] rowOff, float[] kp, int cout, int q0, int q1,
                        float[] bias, boolean relu, float[] out, int outOff, float[] tmp) {
        int pixels = pixOff.length;
        int krows = rowOff.length;
        int last = pixels - 1;
        int[] runs = direct ? runs(rowOff) : null;
        for (int q = q0; q < q1; q++) {
            int kIdx = q * krows * NR;
            int c0 = q * NR;
            for (int p0 = 0; p0 < pixels; p0 += MR) {
                int rows = Math.min(MR, pixels - p0);
                // A full tile is stored in place (direct form); a tile past the last pixel repeats
                // it, goes to tmp, and only its real pixels are copied.
                boolean full = direct && rows == MR;
                float[] dst = full ? out : tmp;
                int dOff = full ? outOff + p0 * cout + c0 : 0;
                int stride = full ? cout : NR;
                int b0 = pixOff[p0];
                int b1 = pixOff[Math.min(p0 + 1, last)];
                int b2 = pixOff[Math.min(p0 + 2, last)];
                int b3 = pixOff[Math.min(p0 + 3, last)];
                int b4 = pixOff[Math.min(p0 + 4, last)];
                int b5 = pixOff[Math.min(p0 + 5, last)];
                if (runs == null) {
                    fwdTile(xp, b0, b1, b2, b3, b4, b5, rowOff, kp, kIdx, dst, dOff, stride);
                } else {
                    for (int r = 0; r + 1 < runs.length; r++) {
                        int o = rowOff[runs[r]];
                        fwdRun(xp, b0 + o, b1 + o, b2 + o, b3 + o, b4 + o, b5 + o, kp, kIdx + runs[r] * NR,
                                runs[r + 1] - runs[r], r == 0, dst, dOff, stride);
                    }
                }
                for (int i = 0; i < rows; i++) {
                    int o = outOff + (p0 + i) * cout + c0;
                    if (bias == null && !relu) {
                        if (!full) {
                            System.arraycopy(tmp, i * NR, out, o, NR);
                        }
                        continue;
                    }
                    float[] src = full ? out : tmp;
                    int so = full ? o : i * NR;
                    for (int j = 0; j < NR; j += L) {
                        FloatVector v = FloatVector.fromArray(S, src, so + j);
                        if (bias != null) {
                            v = v.add(FloatVector.fromArray(S, bias, c0 + j));
                        }
                        if (relu) {
                            v = v.lanewise(VectorOperators.MAX, 0f);
                        }
                        v.intoArray(out, o + j);
                    }
                }
            }
        }
    }

    /**
     * The kernel rows where runs of consecutive image offsets start, then krows; null when a run
     * is shorter than {@link #MIN_RUN} (then the row-by-row tile serves).
     */
    private static int[] runs(int[] rowOff) {
        int count = 1;
        for (int k = 1; k < rowOff.length; k++) {
            if (rowOff[k] != rowOff[k - 1] + 1) {
                count++;
            }
        }
        int[] runs = new int[count + 1];
        for (int k = 1, r = 1; k < rowOff.length; k++) {
            if (rowOff[k] != rowOff[k - 1] + 1) {
                runs[r++] = k;
            }
        }
        runs[count] = rowOff.length;
        for (int r = 0; r < count; r++) {
            if (runs[r + 1] - runs[r] < MIN_RUN) {
                return null;
            }
        }
        return runs;
    }

    /**
     * Six pixels times {@code len} consecutive kernel rows that read consecutive image values from
     * offsets b0..b5 (one run of taps), added to the tile in {@code dst} (started from zero when
     * {@code first}): the same sums in the same order as {@link #fwdTile}, while the reads, affine in
     * the loop index, are range-checked once per run instead of once per value.
     */
    private static void fwdRun(float[] xp, int b0, int b1, int b2, int b3, int b4, int b5, float[] kp, int kIdx,
                               int len, boolean first, float[] dst, int off, int stride) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        FloatVector c40;
        FloatVector c41;
        FloatVector c50;
        FloatVector c51;
        if (first) {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
        } else {
            c00 = FloatVector.fromArray(S, dst, off);
            c01 = FloatVector.fromArray(S, dst, off + L);
            c10 = FloatVector.fromArray(S, dst, off + stride);
            c11 = FloatVector.fromArray(S, dst, off + stride + L);
            c20 = FloatVector.fromArray(S, dst, off + 2 * stride);
            c21 = FloatVector.fromArray(S, dst, off + 2 * stride + L);
            c30 = FloatVector.fromArray(S, dst, off + 3 * stride);
            c31 = FloatVector.fromArray(S, dst, off + 3 * stride + L);
            c40 = FloatVector.fromArray(S, dst, off + 4 * stride);
            c41 = FloatVector.fromArray(S, dst, off + 4 * stride + L);
            c50 = FloatVector.fromArray(S, dst, off + 5 * stride);
            c51 = FloatVector.fromArray(S, dst, off + 5 * stride + L);
        }
        for (int t = 0; t < len; t++) {
            FloatVector w0 = FloatVector.fromArray(S, kp, kIdx + t * NR);
            FloatVector w1 = FloatVector.fromArray(S, kp, kIdx + t * NR + L);
            FloatVector a = FloatVector.broadcast(S, xp[b0 + t]);
            c00 = a.fma(w0, c00);
            c01 = a.fma(w1, c01);
            a = FloatVector.broadcast(S, xp[b1 + t]);
            c10 = a.fma(w0, c10);
            c11 = a.fma(w1, c11);
            a = FloatVector.broadcast(S, xp[b2 + t]);
            c20 = a.fma(w0, c20);
            c21 = a.fma(w1, c21);
            a = FloatVector.broadcast(S, xp[b3 + t]);
            c30 = a.fma(w0, c30);
            c31 = a.fma(w1, c31);
            a = FloatVector.broadcast(S, xp[b4 + t]);
            c40 = a.fma(w0, c40);
            c41 = a.fma(w1, c41);
            a = FloatVector.broadcast(S, xp[b5 + t]);
            c50 = a.fma(w0, c50);
            c51 = a.fma(w1, c51);
        }
        c00.intoArray(dst, off);
        c01.intoArray(dst, off + L);
        c10.intoArray(dst, off + stride);
        c11.intoArray(dst, off + stride + L);
        c20.intoArray(dst, off + 2 * stride);
        c21.intoArray(dst, off + 2 * stride + L);
        c30.intoArray(dst, off + 3 * stride);
        c31.intoArray(dst, off + 3 * stride + L);
        c40.intoArray(dst, off + 4 * stride);
        c41.intoArray(dst, off + 4 * stride + L);
        c50.intoArray(dst, off + 5 * stride);
        c51.intoArray(dst, off + 5 * stride + L);
    }

    /**
     * Six pixels (window offsets b0..b5) times one packed kernel panel, over all kernel rows; pixel
     * i's row goes to {@code dst[off + i * stride ..)}.
     */
    private static void fwdTile(float[] xp, int b0, int b1, int b2, int b3, int b4, int b5, int[] rowOff,
                                float[] kp, int kIdx, float[] dst, int off, int stride) {
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
        // One flat loop: C2 keeps vector accumulators in registers across a single loop, while
        // nested loops made it box them.
        for (int kr = 0; kr < rowOff.length; kr++) {
            int o = rowOff[kr];
            FloatVector w0 = FloatVector.fromArray(S, kp, kIdx + kr * NR);
            FloatVector w1 = FloatVector.fromArray(S, kp, kIdx + kr * NR + L);
            FloatVector a = FloatVector.broadcast(S, xp[b0 + o]);
            c00 = a.fma(w0, c00);
            c01 = a.fma(w1, c01);
            a = FloatVector.broadcast(S, xp[b1 + o]);
            c10 = a.fma(w0, c10);
            c11 = a.fma(w1, c11);
            a = FloatVector.broadcast(S, xp[b2 + o]);
            c20 = a.fma(w0, c20);
            c21 = a.fma(w1, c21);
            a = FloatVector.broadcast(S, xp[b3 + o]);
            c30 = a.fma(w0, c30);
            c31 = a.fma(w1, c31);
            a = FloatVector.broadcast(S, xp[b4 + o]);
            c40 = a.fma(w0, c40);
            c41 = a.fma(w1, c41);
            a = FloatVector.broadcast(S, xp[b5 + o]);
            c50 = a.fma(w0, c50);
            c51 = a.fma(w1, c51);
        }
        c00.intoArray(dst, off);
        c01.intoArray(dst, off + L);
        c10.intoArray(dst, off + stride);
        c11.intoArray(dst, off + stride + L);
        c20.intoArray(dst, off + 2 * stride);
        c21.intoArray(dst, off + 2 * stride + L);
        c30.intoArray(dst, off + 3 * stride);
        c31.intoArray(dst, off + 3 * stride + L);
        c40.intoArray(dst, off + 4 * stride);
        c41.intoArray(dst, off + 4 * stride + L);
        c50.intoArray(dst, off + 5 * stride);
        c51.intoArray(dst, off + 5 * stride + L);
    }

    @Override
    public void kernelGrad(float[] xp, int[] pixOff, int[] rowOff, float[] dz, int dzOff, int cout, float[] acc,
                           float[] tmp) {
        int krows = rowOff.length;
        int panels = cout / NR;
        int last = krows - 1;
        // A chunk of pixels at a time, all tiles over it: its windows and gradient rows stay in L1.
        for (int p0 = 0; p0 < pixOff.length; p0 += CHUNK) {
            int p1 = Math.min(pixOff.length, p0 + CHUNK);
            for (int r0 = 0; r0 < krows; r0 += MR) {
                int rows = Math.min(MR, krows - r0);
                for (int q = 0; q < panels; q++) {
                    int c0 = q * NR;
                    // A full tile adds its sums into acc in place; a tile past the last kernel row
                    // repeats it, adds into a zeroed tmp, and only its real rows go to acc.
                    boolean full = direct && rows == MR;
                    if (!full) {
                        Arrays.fill(tmp, 0, MR * NR, 0f);
                    }
                    dkTile(xp, pixOff, p0, p1, rowOff[r0], rowOff[Math.min(r0 + 1, last)],
                            rowOff[Math.min(r0 + 2, last)], rowOff[Math.min(r0 + 3, last)],
                            rowOff[Math.min(r0 + 4, last)], rowOff[Math.min(r0 + 5, last)], dz, dzOff + c0, cout,
                            full ? acc : tmp, full ? r0 * cout + c0 : 0, full ? cout : NR);
                    if (!full) {
                        for (int i = 0; i < rows; i++) {
                            int o = (r0 + i) * cout + c0;
                            for (int j = 0; j < NR; j += L) {
                                FloatVector.fromArray(S, acc, o + j).add(FloatVector.fromArray(S, tmp, i * NR + j))
                                        .intoArray(acc, o + j);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Six kernel rows (image offsets o0..o5 within a window) times one panel of output-gradient
     * columns, summed over the pixels [p0, p1) and added to row i of {@code dst[off + i * stride ..)}.
     */
    private static void dkTile(float[] xp, int[] pixOff, int p0, int p1, int o0, int o1, int o2, int o3, int o4, int o5,
                               float[] dz, int dzOff, int cout, float[] dst, int off, int stride) {
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
        // One flat loop over the pixels (see fwdTile).
        for (int p = p0; p < p1; p++) {
            int xi = pixOff[p];
            int di = dzOff + p * cout;
            FloatVector w0 = FloatVector.fromArray(S, dz, di);
            FloatVector w1 = FloatVector.fromArray(S, dz, di + L);
            FloatVector a = FloatVector.broadcast(S, xp[xi + o0]);
            c00 = a.fma(w0, c00);
            c01 = a.fma(w1, c01);
            a = FloatVector.broadcast(S, xp[xi + o1]);
            c10 = a.fma(w0, c10);
            c11 = a.fma(w1, c11);
            a = FloatVector.broadcast(S, xp[xi + o2]);
            c20 = a.fma(w0, c20);
            c21 = a.fma(w1, c21);
            a = FloatVector.broadcast(S, xp[xi + o3]);
            c30 = a.fma(w0, c30);
            c31 = a.fma(w1, c31);
            a = FloatVector.broadcast(S, xp[xi + o4]);
            c40 = a.fma(w0, c40);
            c41 = a.fma(w1, c41);
            a = FloatVector.broadcast(S, xp[xi + o5]);
            c50 = a.fma(w0, c50);
            c51 = a.fma(w1, c51);
        }
        // dst += the tile: acc + sum, the same bits as adding the sum to acc.
        add(c00, dst, off);
        add(c01, dst, off + L);
        add(c10, dst, off + stride);
        add(c11, dst, off + stride + L);
        add(c20, dst, off + 2 * stride);
        add(c21, dst, off + 2 * stride + L);
        add(c30, dst, off + 3 * stride);
        add(c31, dst, off + 3 * stride + L);
        add(c40, dst, off + 4 * stride);
        add(c41, dst, off + 4 * stride + L);
        add(c50, dst, off + 5 * stride);
        add(c51, dst, off + 5 * stride + L);
    }

    private static void add(FloatVector v, float[] dst, int i) {
        FloatVector.fromArray(S, dst, i).add(v).intoArray(dst, i);
    }
}
