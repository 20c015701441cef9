package io.cambium.tensor.kernels;

import java.util.Arrays;

/**
 * Unfolding of channels-last images into patch matrices and back. The patch rows are the output
 * pixels (n, oy, ox) of the whole batch in row-major order, numbered r = (n * ho + oy) * wo + ox;
 * a call covers the rows [r0, r1). The columns of a row are the window taps (ky, kx, c) for the
 * channels c of one group, so that the matrix times the kernel viewed as
 * [kh * kw * cin / groups, cout] is the convolution. Taps that fall into the padding are zero.
 */
public final class Im2Col {
    private Im2Col() {
    }

    /** Writes the patch rows [r0, r1) of channel group {@code group} into {@code col}. */
    public static void im2col(ConvGeometry g, float[] x, int r0, int r1, int group, float[] col) {
        int cg = g.cinG();
        int cin = g.cin();
        int kw = g.kw();
        int kwc = kw * cg;
        int pos = 0;
        int pixels = g.outPixels();
        for (int r = r0; r < r1; r++) {
            int n = r / pixels;
            int p = r - n * pixels;
            int oy = p / g.wo();
            int ox = p - oy * g.wo();
            int xBase = n * g.h() * g.w() * cin + group * cg;
            int iy0 = oy * g.sh() - g.padTop();
            int ix0 = ox * g.sw() - g.padLeft();
            for (int ky = 0; ky < g.kh(); ky++) {
                int iy = iy0 + ky * g.dh();
                if (iy < 0 || iy >= g.h()) {
                    Arrays.fill(col, pos, pos + kwc, 0f);
                    pos += kwc;
                    continue;
                }
                int rowBase = xBase + iy * g.w() * cin;
                for (int kx = 0; kx < kw; kx++) {
                    int ix = ix0 + kx * g.dw();
                    if (ix < 0 || ix >= g.w()) {
                        Arrays.fill(col, pos, pos + cg, 0f);
                    } else if (cg == 1) {
                        col[pos] = x[rowBase + ix * cin];
                    } else {
                        System.arraycopy(x, rowBase + ix * cin, col, pos, cg);
                    }
                    pos += cg;
                }
            }
        }
    }

    /**
     * Writes the patch rows [r0, r1) of channel group {@code group} transposed: column t of the
     * patch matrix becomes the contiguous run {@code colT[t * (r1 - r0) ...]}, so that products
     * with the patch matrix on the left-hand side transposed see a plain row-major operand.
     */
    public static void im2colTransposed(ConvGeometry g, float[] x, int r0, int r1, int group, float[] colT) {
        int rows = r1 - r0;
        int cg = g.cinG();
        int cin = g.cin();
        int pixels = g.outPixels();
        int[] src = new int[rows];
        for (int ky = 0; ky < g.kh(); ky++) {
            for (int kx = 0; kx < g.kw(); kx++) {
                // Input offset of this tap for every row, or -1 where it falls into the padding.
                for (int i = 0; i < rows; i++) {
                    int r = r0 + i;
                    int n = r / pixels;
                    int p = r - n * pixels;
                    int oy = p / g.wo();
                    int ox = p - oy * g.wo();
                    int iy = oy * g.sh() - g.padTop() + ky * g.dh();
                    int ix = ox * g.sw() - g.padLeft() + kx * g.dw();
                    src[i] = iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w() ? -1
                            : ((n * g.h() + iy) * g.w() + ix) * cin + group * cg;
                }
                int dst = (ky * g.kw() + kx) * cg * rows;
                for (int c = 0; c < cg; c++, dst += rows) {
                    for (int i = 0; i < rows; i++) {
                        int s = src[i];
                        colT[dst + i] = s < 0 ? 0f : x[s + c];
                    }
                }
            }
        }
    }

    /**
     * Adds the patch rows [r0, r1) of channel group {@code group}, held in {@code col}, back onto
     * the image gradient {@code dx} (the adjoint of {@link #im2col}).
     */
    public static void col2imAdd(ConvGeometry g, float[] col, int r0, int r1, int group, float[] dx) {
        int cg = g.cinG();
        int cin = g.cin();
        int kw = g.kw();
        int kwc = kw * cg;
        int pos = 0;
        int pixels = g.outPixels();
        for (int r = r0; r < r1; r++) {
            int n = r / pixels;
            int p = r - n * pixels;
            int oy = p / g.wo();
            int ox = p - oy * g.wo();
            int xBase = n * g.h() * g.w() * cin + group * cg;
            int iy0 = oy * g.sh() - g.padTop();
            int ix0 = ox * g.sw() - g.padLeft();
            for (int ky = 0; ky < g.kh(); ky++) {
                int iy = iy0 + ky * g.dh();
                if (iy < 0 || iy >= g.h()) {
                    pos += kwc;
                    continue;
                }
                int rowBase = xBase + iy * g.w() * cin;
                for (int kx = 0; kx < kw; kx++) {
                    int ix = ix0 + kx * g.dw();
                    if (ix >= 0 && ix < g.w()) {
                        int d = rowBase + ix * cin;
                        for (int c = 0; c < cg; c++) {
                            dx[d + c] += col[pos + c];
                        }
                    }
                    pos += cg;
                }
            }
        }
    }
}
