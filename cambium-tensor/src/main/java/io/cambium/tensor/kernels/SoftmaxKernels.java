package io.cambium.tensor.kernels;

/**
 * Fused softmax and log-softmax kernels over the {@code [outer, len, inner]} view of
 * {@link AxisKernels} ({@code len} is the softmax axis). Sums accumulate in double.
 */
public final class SoftmaxKernels {
    private static final TranscendentalKernels TK = Transcendentals.IN_USE;

    private SoftmaxKernels() {
    }

    /** y = softmax(x) (or log_softmax with {@code log}) along the middle extent. */
    public static void forward(boolean log, float[] x, float[] y, int outer, int len, int inner) {
        AxisKernels.forEachBlock(outer, len, inner, (o, i0, i1) -> {
            if (inner == 1) {
                forwardRow(log, x, y, o * len, len);
            } else {
                forwardBlock(log, x, y, o * len * inner, len, inner, i0, i1);
            }
        });
    }

    /** One contiguous row: y[base..base+len) = softmax (or log_softmax) of x there; y may be x. */
    public static void forwardRow(boolean log, float[] x, float[] y, int base, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            m = Math.max(m, x[base + k]);
        }
        TK.expShifted(x, base, m, y, base, len);
        double s = 0;
        for (int k = 0; k < len; k++) {
            s += y[base + k];
        }
        if (log) {
            float logs = (float) Math.log(s);
            for (int k = 0; k < len; k++) {
                y[base + k] = (x[base + k] - m) - logs;
            }
        } else {
            float inv = (float) (1.0 / s);
            for (int k = 0; k < len; k++) {
                y[base + k] *= inv;
            }
        }
    }

    private static void forwardBlock(boolean log, float[] x, float[] y, int base, int len, int inner, int i0, int i1) {
        int w = i1 - i0;
        float[] m = new float[w];
        java.util.Arrays.fill(m, Float.NEGATIVE_INFINITY);
        for (int k = 0; k < len; k++) {
            int row = base + k * inner + i0;
            for (int j = 0; j < w; j++) {
                m[j] = Math.max(m[j], x[row + j]);
            }
        }
        double[] s = new double[w];
        for (int k = 0; k < len; k++) {
            int row = base + k * inner + i0;
            for (int j = 0; j < w; j++) {
                float e = FloatMath.exp(x[row + j] - m[j]);
                y[row + j] = e;
                s[j] += e;
            }
        }
        float[] f = new float[w];
        for (int j = 0; j < w; j++) {
            f[j] = (float) (log ? Math.log(s[j]) : 1.0 / s[j]);
        }
        for (int k = 0; k < len; k++) {
            int row = base + k * inner + i0;
            if (log) {
                for (int j = 0; j < w; j++) {
                    y[row + j] = (x[row + j] - m[j]) - f[j];
                }
            } else {
                for (int j = 0; j < w; j++) {
                    y[row + j] *= f[j];
                }
            }
        }
    }

    private static void backwardRow(boolean log, float[] y, float[] g, float[] gx, int base, int len) {
        double acc = 0;
        if (log) {
            for (int k = base; k < base + len; k++) {
                acc += g[k];
            }
            float a = (float) acc;
            TK.expShifted(y, base, 0f, gx, base, len);
            for (int k = base; k < base + len; k++) {
                gx[k] = g[k] - gx[k] * a;
            }
        } else {
            for (int k = base; k < base + len; k++) {
                acc += (double) g[k] * y[k];
            }
            float a = (float) acc;
            for (int k = base; k < base + len; k++) {
                gx[k] = y[k] * (g[k] - a);
            }
        }
    }

    /**
     * gx from the forward output y and the output gradient g: y (g - sum(g y)) for softmax,
     * g - e^y sum(g) for log_softmax.
     */
    public static void backward(boolean log, float[] y, float[] g, float[] gx, int outer, int len, int inner) {
        AxisKernels.forEachBlock(outer, len, inner, (o, i0, i1) -> {
            if (inner == 1) {
                backwardRow(log, y, g, gx, o * len, len);
                return;
            }
            int base = o * len * inner;
            int w = i1 - i0;
            double[] acc = new double[w];
            for (int k = 0; k < len; k++) {
                int row = base + k * inner + i0;
                if (log) {
                    for (int j = 0; j < w; j++) {
                        acc[j] += g[row + j];
                    }
                } else {
                    for (int j = 0; j < w; j++) {
                        acc[j] += (double) g[row + j] * y[row + j];
                    }
                }
            }
            float[] a = new float[w];
            for (int j = 0; j < w; j++) {
                a[j] = (float) acc[j];
            }
            for (int k = 0; k < len; k++) {
                int row = base + k * inner + i0;
                if (log) {
                    for (int j = 0; j < w; j++) {
                        gx[row + j] = g[row + j] - FloatMath.exp(y[row + j]) * a[j];
                    }
                } else {
                    for (int j = 0; j < w; j++) {
                        gx[row + j] = y[row + j] * (g[row + j] - a[j]);
                    }
                }
            }
        });
    }
}
