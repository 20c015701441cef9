package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;

/**
 * Kernels that reduce or scan along one group of axes of a tensor seen as
 * {@code [outer, len, inner]} (row-major): the reduced axes form the middle extent {@code len};
 * an output element is indexed by {@code o * inner + i}.
 *
 * <p>Every output is computed by one thread in a fixed order, and a single long segment is cut
 * into chunks whose boundaries depend only on its length, so results never depend on the thread
 * count. Sums accumulate in double.
 */
public final class AxisKernels {
    /** Elements per task (and per partial of a single long segment). */
    public static final int CHUNK = 1 << 14;

    /** What {@link #accumulate} sums over each segment. */
    public enum Acc {
        /** x. */
        SUM,
        /** |x|. */
        ABS,
        /** x^2. */
        SQUARE,
        /** (x - c)^2 with c per output. */
        SQ_DEV,
        /** e^(x - c) with c per output. */
        EXP_SHIFT,
        /** 1 where x == c (c per output). */
        EQ_COUNT
    }

    /** Which elementwise gradient {@link #backward} writes. */
    public enum Grad {
        /** q where x == p, else 0. */
        EQ_MASK,
        /** (x - p) q. */
        DEV,
        /** sign(x) q. */
        SIGN,
        /** x q. */
        LINEAR,
        /** e^(x - p) q. */
        EXP_SHIFT
    }

    private AxisKernels() {
    }

    /** A body for one block of outputs: outer index {@code o}, inner indices [i0, i1). */
    @FunctionalInterface
    interface Block {
        void run(int o, int i0, int i1);
    }

    /** Runs {@code body} over all outputs, each output in exactly one call, in parallel. */
    static void forEachBlock(int outer, int len, int inner, Block body) {
        long work = (long) outer * len * inner;
        if (work == 0) {
            return;
        }
        if (outer > 1 || inner == 1) {
            int grain = (int) Math.max(1, CHUNK / Math.max(1L, (long) len * inner));
            Parallel.range(outer, grain, (s, e) -> {
                for (int o = s; o < e; o++) {
                    body.run(o, 0, inner);
                }
            });
        } else {
            int grain = Math.max(1, CHUNK / Math.max(1, len));
            Parallel.range(inner, grain, (s, e) -> body.run(0, s, e));
        }
    }

    /** Per output, the sum over the segment of the chosen term; {@code c} holds one value per output or is null. */
    public static double[] accumulate(Acc mode, float[] x, float[] c, int outer, int len, int inner) {
        double[] out = new double[outer * inner];
        if (outer == 1 && inner == 1 && len > CHUNK) {
            // One long segment: fixed chunks summed in parallel, then in order.
            int chunks = (len + CHUNK - 1) / CHUNK;
            double[] partial = new double[chunks];
            float c0 = c == null ? 0f : c[0];
            Parallel.range(chunks, 4, (s, e) -> {
                for (int ch = s; ch < e; ch++) {
                    partial[ch] = segment(mode, x, ch * CHUNK, Math.min(len, (ch + 1) * CHUNK), c0);
                }
            });
            double total = 0;
            for (double p : partial) {
                total += p;
            }
            out[0] = total;
            return out;
        }
        forEachBlock(outer, len, inner, (o, i0, i1) -> {
            if (inner == 1) {
                out[o] = segment(mode, x, o * len, (o + 1) * len, c == null ? 0f : c[o]);
                return;
            }
            double[] acc = new double[i1 - i0];
            for (int k = 0; k < len; k++) {
                int base = (o * len + k) * inner;
                for (int i = i0; i < i1; i++) {
                    acc[i - i0] += term(mode, x[base + i], c == null ? 0f : c[o * inner + i]);
                }
            }
            for (int i = i0; i < i1; i++) {
                out[o * inner + i] = acc[i - i0];
            }
        });
        return out;
    }

    private static double segment(Acc mode, float[] x, int from, int to, float c) {
        double acc = 0;
        switch (mode) {
            case SUM -> {
                for (int j = from; j < to; j++) {
                    acc += x[j];
                }
            }
            case SQUARE -> {
                for (int j = from; j < to; j++) {
                    acc += (double) x[j] * x[j];
                }
            }
            default -> {
                for (int j = from; j < to; j++) {
                    acc += term(mode, x[j], c);
                }
            }
        }
        return acc;
    }

    private static double term(Acc mode, float v, float c) {
        return switch (mode) {
            case SUM -> v;
            case ABS -> Math.abs(v);
            case SQUARE -> (double) v * v;
            case SQ_DEV -> {
                double d = (double) v - c;
                yield d * d;
            }
            case EXP_SHIFT -> FloatMath.exp(v - c);
            case EQ_COUNT -> v == c ? 1.0 : 0.0;
        };
    }

    /** Per output, the maximum (or minimum) of the segment; NaN if the segment holds a NaN. */
    public static float[] extreme(boolean max, float[] x, int outer, int len, int inner) {
        float[] out = new float[outer * inner];
        if (len == 0) {
            throw new IllegalArgumentException((max ? "max" : "min") + ": cannot reduce an empty axis");
        }
        forEachBlock(outer, len, inner, (o, i0, i1) -> {
            if (inner == 1) {
                int base = o * len;
                float m = x[base];
                if (max) {
                    for (int k = 1; k < len; k++) {
                        m = Math.max(m, x[base + k]);
                    }
                } else {
                    for (int k = 1; k < len; k++) {
                        m = Math.min(m, x[base + k]);
                    }
                }
                out[o] = m;
                return;
            }
            for (int i = i0; i < i1; i++) {
                out[o * inner + i] = x[o * len * inner + i];
            }
            for (int k = 1; k < len; k++) {
                int base = (o * len + k) * inner;
                int ob = o * inner;
                if (max) {
                    for (int i = i0; i < i1; i++) {
                        out[ob + i] = Math.max(out[ob + i], x[base + i]);
                    }
                } else {
                    for (int i = i0; i < i1; i++) {
                        out[ob + i] = Math.min(out[ob + i], x[base + i]);
                    }
                }
            }
        });
        return out;
    }

    /**
     * Per output, the index along the segment of the first maximum (or minimum), as a float;
     * a NaN counts as the extreme (the first NaN wins), as in PyTorch.
     */
    public static float[] argExtreme(boolean max, float[] x, int outer, int len, int inner) {
        if (len == 0) {
            throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": cannot reduce an empty axis");
        }
        float[] out = new float[outer * inner];
        forEachBlock(outer, len, inner, (o, i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int base = o * len * inner + i;
                float best = x[base];
                int at = 0;
                for (int k = 1; k < len && best == best; k++) {
                    float v = x[base + k * inner];
                    if ((max ? v > best : v < best) || v != v) {
                        best = v;
                        at = k;
                    }
                }
                out[o * inner + i] = at;
            }
        });
        return out;
    }

    /**
     * gx = the chosen gradient for every input element, where p and q hold one value per output
     * (p may be null when the mode does not use it).
     */
    public static void backward(Grad mode, float[] x, float[] p, float[] q, float[] gx, int outer, int len, int inner) {
        int total = outer * len * inner;
        int seg = len * inner;
        Parallel.range(total, BinaryKernels.PARALLEL_GRAIN, (s, e) -> {
            int idx = s;
            while (idx < e) {
                int o = idx / seg;
                int pieceEnd = Math.min(e, (o + 1) * seg);
                while (idx < pieceEnd) {
                    int i = (idx - o * seg) % inner;
                    int n = Math.min(inner - i, pieceEnd - idx);
                    backwardRun(mode, x, p, q, gx, idx, o * inner + i, n);
                    idx += n;
                }
            }
        });
    }

    /** gx[at .. at+n) from x[at ..] and per-output values p[po ..], q[po ..]. */
    private static void backwardRun(Grad mode, float[] x, float[] p, float[] q, float[] gx, int at, int po, int n) {
        switch (mode) {
            case EQ_MASK -> {
                for (int j = 0; j < n; j++) {
                    gx[at + j] = FloatMath.keep(x[at + j] == p[po + j], q[po + j]);
                }
            }
            case DEV -> {
                for (int j = 0; j < n; j++) {
                    gx[at + j] = (x[at + j] - p[po + j]) * q[po + j];
                }
            }
            case SIGN -> {
                for (int j = 0; j < n; j++) {
                    float v = x[at + j];
                    gx[at + j] = (FloatMath.indicator(v > 0f) - FloatMath.indicator(v < 0f)) * q[po + j];
                }
            }
            case LINEAR -> {
                for (int j = 0; j < n; j++) {
                    gx[at + j] = x[at + j] * q[po + j];
                }
            }
            case EXP_SHIFT -> {
                for (int j = 0; j < n; j++) {
                    gx[at + j] = FloatMath.exp(x[at + j] - p[po + j]) * q[po + j];
                }
            }
        }
    }

    /**
     * Running sums along the segment (inclusive), from the start or, with {@code reverse}, from
     * the end; accumulated in double.
     */
    public static void cumsum(float[] x, float[] out, int outer, int len, int inner, boolean reverse) {
        forEachBlock(outer, len, inner, (o, i0, i1) -> {
            if (inner == 1) {
                double acc = 0;
                int base = o * len;
                for (int kk = 0; kk < len; kk++) {
                    int k = base + (reverse ? len - 1 - kk : kk);
                    acc += x[k];
                    out[k] = (float) acc;
                }
                return;
            }
            double[] acc = new double[i1 - i0];
            for (int kk = 0; kk < len; kk++) {
                int k = reverse ? len - 1 - kk : kk;
                int base = (o * len + k) * inner;
                for (int i = i0; i < i1; i++) {
                    acc[i - i0] += x[base + i];
                    out[base + i] = (float) acc[i - i0];
                }
            }
        });
    }
}
