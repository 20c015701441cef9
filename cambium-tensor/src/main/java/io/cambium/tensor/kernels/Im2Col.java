package io.cambium.tensor.kernels;

import java.util.Arrays;

/**
 * Unfolding of channels-last images into patch matrices and back. Row r of the patch matrix of
 * samples [n0, n1) is the output pixel (n, oy, ox) in row-major order; its columns are the window
 * taps (ky, kx, c) for the channels c of one group, so that the matrix times the kernel viewed as
 * [kh * kw * cin / groups, cout] is the convolution. Taps that fall into the padding are zero.
 */
public final class Im2Col {
    private Im2Col() {
    }

    /** Writes the patch matrix of samples [n0, n1) and channel group {@code group} into {@code col}. */
    public static void im2col(ConvGeometry g, float[] x, int n0, int n1, int group, float[] col) {
        int cg = g.cinG();
        int c0 = group * cg;
        int cin = g.cin();
        int kw = g.kw();
        int kwc = kw * cg;
        int pos = 0;
        for (int n = n0; n < n1; n++) {
            int xBase = n * g.h() * g.w() * cin;
            for (int oy = 0; oy < g.ho(); oy++) {
                int iy0 = oy * g.sh() - g.padTop();
                for (int ox = 0; ox < g.wo(); ox++) {
                    int ix0 = ox * g.sw() - g.padLeft();
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = iy0 + ky * g.dh();
                        if (iy < 0 || iy >= g.h()) {
                            Arrays.fill(col, pos, pos + kwc, 0f);
                            pos += kwc;
                            continue;
                        }
                        int rowBase = xBase + iy * g.w() * cin + c0;
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
        }
    }

    /**
     * Adds the patch matrix {@code col} of samples [n0, n1) and channel group {@code group} back
     * onto the image gradient {@code dx} (the adjoint of {@link #im2col}).
     */
    public static void col2imAdd(ConvGeometry g, float[] col, int n0, int n1, int group, float[] dx) {
        int cg = g.cinG();
        int c0 = group * cg;
        int cin = g.cin();
        int kw = g.kw();
        int kwc = kw * cg;
        int pos = 0;
        for (int n = n0; n < n1; n++) {
            int xBase = n * g.h() * g.w() * cin;
            for (int oy = 0; oy < g.ho(); oy++) {
                int iy0 = oy * g.sh() - g.padTop();
                for (int ox = 0; ox < g.wo(); ox++) {
                    int ix0 = ox * g.sw() - g.padLeft();
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = iy0 + ky * g.dh();
                        if (iy < 0 || iy >= g.h()) {
                            pos += kwc;
                            continue;
                        }
                        int rowBase = xBase + iy * g.w() * cin + c0;
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
    }
}
