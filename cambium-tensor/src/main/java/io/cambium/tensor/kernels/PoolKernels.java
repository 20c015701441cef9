package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;

/**
 * Channels-last max and average pooling over the windows of a {@link ConvGeometry} (read with
 * cout = cin: each channel is pooled on its own). Cells in the padding are ignored: they never
 * win a max and do not count in an average. Work is split over samples only, so results do not
 * depend on the thread count.
 */
public final class PoolKernels {
    private PoolKernels() {
    }

    /**
     * Whether the windows are 2 x 2 with stride 2 and lie inside the input: every input cell is
     * in at most one window (the common case, with its own loops).
     */
    private static boolean disjoint2x2(ConvGeometry g) {
        return g.kh() == 2 && g.kw() == 2 && g.sh() == 2 && g.sw() == 2 && g.padTop() == 0 && g.padLeft() == 0
                && 2 * g.ho() <= g.h() && 2 * g.wo() <= g.w();
    }

    /** Max pooling into {@code out} (a NaN in a window makes its maximum NaN). */
    public static void maxForward(ConvGeometry g, float[] x, float[] out) {
        int c = g.cin();
        if (disjoint2x2(g)) {
            MaxWindows windows = MaxWindows.inUse();
            Parallel.range(g.n(), 1, (n0, n1) -> {
                int row = g.w() * c;
                for (int n = n0; n < n1; n++) {
                    for (int oy = 0; oy < g.ho(); oy++) {
                        for (int ox = 0; ox < g.wo(); ox++) {
                            int o = ((n * g.ho() + oy) * g.wo() + ox) * c;
                            int a = ((n * g.h() + 2 * oy) * g.w() + 2 * ox) * c;
                            // The same Math.max sequence, in window order, as the general loop.
                            windows.max2x2(x, a, a + c, a + row, a + row + c, out, o, c);
                        }
                    }
                }
            });
            return;
        }
        Parallel.range(g.n(), 1, (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                for (int oy = 0; oy < g.ho(); oy++) {
                    int iy0 = Math.max(0, oy * g.sh() - g.padTop());
                    int iy1 = Math.min(g.h(), oy * g.sh() - g.padTop() + g.kh());
                    for (int ox = 0; ox < g.wo(); ox++) {
                        int ix0 = Math.max(0, ox * g.sw() - g.padLeft());
                        int ix1 = Math.min(g.w(), ox * g.sw() - g.padLeft() + g.kw());
                        int o = ((n * g.ho() + oy) * g.wo() + ox) * c;
                        System.arraycopy(x, ((n * g.h() + iy0) * g.w() + ix0) * c, out, o, c);
                        for (int iy = iy0; iy < iy1; iy++) {
                            for (int ix = iy == iy0 ? ix0 + 1 : ix0; ix < ix1; ix++) {
                                int xo = ((n * g.h() + iy) * g.w() + ix) * c;
                                for (int j = 0; j < c; j++) {
                                    out[o + j] = Math.max(out[o + j], x[xo + j]);
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Routes each output gradient to the input cell of its window that holds the maximum, the first
     * one in row-major window order on ties, into {@code dx}, which must be zero on entry ({@code y}
     * is the output of {@link #maxForward} for {@code x}, unchanged since).
     */
    public static void maxBackward(ConvGeometry g, float[] x, float[] y, float[] dy, float[] dx) {
        int c = g.cin();
        MaxRouting routing = MaxRouting.inUse();
        if (disjoint2x2(g)) {
            // Each cell is in one window at most: its gradient is written once, cells in no
            // window keep the zero they were allocated with.
            Parallel.range(g.n(), 1, (n0, n1) -> {
                int row = g.w() * c;
                for (int n = n0; n < n1; n++) {
                    for (int oy = 0; oy < g.ho(); oy++) {
                        for (int ox = 0; ox < g.wo(); ox++) {
                            int o = ((n * g.ho() + oy) * g.wo() + ox) * c;
                            int a = ((n * g.h() + 2 * oy) * g.w() + 2 * ox) * c;
                            routing.route2x2(x, a, a + c, a + row, a + row + c, y, dy, o, dx, c);
                        }
                    }
                }
            });
            return;
        }
        Parallel.range(g.n(), 1, (n0, n1) -> {
            float[] rest = new float[c];
            for (int n = n0; n < n1; n++) {
                for (int oy = 0; oy < g.ho(); oy++) {
                    int iy0 = Math.max(0, oy * g.sh() - g.padTop());
                    int iy1 = Math.min(g.h(), oy * g.sh() - g.padTop() + g.kh());
                    for (int ox = 0; ox < g.wo(); ox++) {
                        int ix0 = Math.max(0, ox * g.sw() - g.padLeft());
                        int ix1 = Math.min(g.w(), ox * g.sw() - g.padLeft() + g.kw());
                        int o = ((n * g.ho() + oy) * g.wo() + ox) * c;
                        // Each channel's gradient is held in rest until a cell matching the maximum takes it;
                        // later matches then add zero (see MaxRouting).
                        System.arraycopy(dy, o, rest, 0, c);
                        for (int iy = iy0; iy < iy1; iy++) {
                            for (int ix = ix0; ix < ix1; ix++) {
                                int xo = ((n * g.h() + iy) * g.w() + ix) * c;
                                routing.route(x, xo, y, o, rest, dx, c);
                            }
                        }
                    }
                }
            }
        });
    }

    /** Average pooling over the cells inside the input. */
    public static void avgForward(ConvGeometry g, float[] x, float[] out) {
        int c = g.cin();
        Parallel.range(g.n(), 1, (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                for (int oy = 0; oy < g.ho(); oy++) {
                    int iy0 = Math.max(0, oy * g.sh() - g.padTop());
                    int iy1 = Math.min(g.h(), oy * g.sh() - g.padTop() + g.kh());
                    for (int ox = 0; ox < g.wo(); ox++) {
                        int ix0 = Math.max(0, ox * g.sw() - g.padLeft());
                        int ix1 = Math.min(g.w(), ox * g.sw() - g.padLeft() + g.kw());
                        int o = ((n * g.ho() + oy) * g.wo() + ox) * c;
                        java.util.Arrays.fill(out, o, o + c, 0f);
                        for (int iy = iy0; iy < iy1; iy++) {
                            for (int ix = ix0; ix < ix1; ix++) {
                                int xo = ((n * g.h() + iy) * g.w() + ix) * c;
                                for (int j = 0; j < c; j++) {
                                    out[o + j] += x[xo + j];
                                }
                            }
                        }
                        float inv = 1f / ((iy1 - iy0) * (ix1 - ix0));
                        for (int j = 0; j < c; j++) {
                            out[o + j] *= inv;
                        }
                    }
                }
            }
        });
    }

    /** Spreads each output gradient evenly over the input cells of its window, adding into {@code dx}. */
    public static void avgBackward(ConvGeometry g, float[] dy, float[] dx) {
        int c = g.cin();
        Parallel.range(g.n(), 1, (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                for (int oy = 0; oy < g.ho(); oy++) {
                    int iy0 = Math.max(0, oy * g.sh() - g.padTop());
                    int iy1 = Math.min(g.h(), oy * g.sh() - g.padTop() + g.kh());
                    for (int ox = 0; ox < g.wo(); ox++) {
                        int ix0 = Math.max(0, ox * g.sw() - g.padLeft());
                        int ix1 = Math.min(g.w(), ox * g.sw() - g.padLeft() + g.kw());
                        int o = ((n * g.ho() + oy) * g.wo() + ox) * c;
                        float inv = 1f / ((iy1 - iy0) * (ix1 - ix0));
                        for (int iy = iy0; iy < iy1; iy++) {
                            for (int ix = ix0; ix < ix1; ix++) {
                                int xo = ((n * g.h() + iy) * g.w() + ix) * c;
                                for (int j = 0; j < c; j++) {
                                    dx[xo + j] += dy[o + j] * inv;
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
