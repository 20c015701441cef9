package io.cambium.tensor.kernels;

import java.util.Arrays;

/**
 * Direct loops for depthwise convolution (groups = cin, each input channel c feeding the output
 * channels c * m .. c * m + m - 1 for a channel multiplier m), where a patch matrix would be
 * mostly overhead. Works on the samples [n0, n1) of a {@link ConvGeometry}. With multiplier 1
 * (MobileNet's case) the channels of a tap are consecutive in input, kernel and output, and
 * {@link DepthwiseLanes} runs them on vector lanes, per output pixel over the taps inside the
 * image, in the scalar loop's order (the same bits).
 */
final class Depthwise {
    private Depthwise() {
    }

    static void forward(ConvGeometry g, float[] x, float[] k, float[] out, int n0, int n1) {
        forward(g, x, k, out, n0, n1, DepthwiseLanes.inUse());
    }

    /** {@link #forward} with the given lanes for multiplier 1 (tests compare the implementations). */
    static void forward(ConvGeometry g, float[] x, float[] k, float[] out, int n0, int n1, DepthwiseLanes lanes) {
        int cin = g.cin();
        int cout = g.cout();
        int m = g.coutG();
        int[] xo = new int[g.kh() * g.kw()];
        int[] ko = new int[xo.length];
        for (int n = n0; n < n1; n++) {
            for (int oy = 0; oy < g.ho(); oy++) {
                for (int ox = 0; ox < g.wo(); ox++) {
                    int o = ((n * g.ho() + oy) * g.wo() + ox) * cout;
                    int taps = taps(g, n, oy, ox, xo, ko);
                    if (m == 1) {
                        lanes.pixel(x, xo, k, ko, taps, out, o, cin);
                        continue;
                    }
                    Arrays.fill(out, o, o + cout, 0f);
                    for (int t = 0; t < taps; t++) {
                        for (int c = 0; c < cin; c++) {
                            float xv = x[xo[t] + c];
                            int j = c * m;
                            for (int q = 0; q < m; q++) {
                                out[o + j + q] += xv * k[ko[t] + j + q];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds dL/dx into dx (if not null) and dL/dk into dk (if not null; overwritten when {@code first}). */
    static void backward(ConvGeometry g, float[] x, float[] k, float[] dy, float[] dx, float[] dk,
                         int n0, int n1, boolean first) {
        backward(g, x, k, dy, dx, dk, n0, n1, first, DepthwiseLanes.inUse());
    }

    /** {@link #backward} with the given lanes for multiplier 1 (tests compare the implementations). */
    static void backward(ConvGeometry g, float[] x, float[] k, float[] dy, float[] dx, float[] dk,
                         int n0, int n1, boolean first, DepthwiseLanes lanes) {
        int cin = g.cin();
        int cout = g.cout();
        int m = g.coutG();
        if (dk != null && first) {
            Arrays.fill(dk, 0f);
        }
        int[] xo = new int[g.kh() * g.kw()];
        int[] ko = new int[xo.length];
        for (int n = n0; n < n1; n++) {
            for (int oy = 0; oy < g.ho(); oy++) {
                for (int ox = 0; ox < g.wo(); ox++) {
                    int o = ((n * g.ho() + oy) * g.wo() + ox) * cout;
                    int taps = taps(g, n, oy, ox, xo, ko);
                    if (m == 1) {
                        lanes.pixelBackward(x, xo, k, ko, taps, dy, o, dx, dk, cin);
                        continue;
                    }
                    for (int t = 0; t < taps; t++) {
                        for (int c = 0; c < cin; c++) {
                            float xv = x[xo[t] + c];
                            float s = 0f;
                            int j = o + c * m;
                            int kj = ko[t] + c * m;
                            for (int q = 0; q < m; q++) {
                                float d = dy[j + q];
                                s += d * k[kj + q];
                                if (dk != null) {
                                    dk[kj + q] += xv * d;
                                }
                            }
                            if (dx != null) {
                                dx[xo[t] + c] += s;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Fills {@code xo} and {@code ko} with the input and kernel offsets of the taps of output pixel
     * (n, oy, ox) that fall inside the image, in kernel-row order, and returns their count.
     */
    private static int taps(ConvGeometry g, int n, int oy, int ox, int[] xo, int[] ko) {
        int t = 0;
        for (int ky = 0; ky < g.kh(); ky++) {
            int iy = oy * g.sh() - g.padTop() + ky * g.dh();
            if (iy < 0 || iy >= g.h()) {
                continue;
            }
            for (int kx = 0; kx < g.kw(); kx++) {
                int ix = ox * g.sw() - g.padLeft() + kx * g.dw();
                if (ix < 0 || ix >= g.w()) {
                    continue;
                }
                xo[t] = ((n * g.h() + iy) * g.w() + ix) * g.cin();
                ko[t] = (ky * g.kw() + kx) * g.cout();
                t++;
            }
        }
        return t;
    }
}
