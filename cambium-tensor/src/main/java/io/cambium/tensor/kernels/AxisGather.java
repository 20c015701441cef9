package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;
import java.util.Arrays;

/**
 * Gathers and scatter-adds whole slices along one axis of a row-major array viewed as
 * {@code [outer, n, inner]}. Slicing, index selection, padding and their gradients are all
 * built from these two kernels.
 *
 * <p>A map gives, for each output position along the axis, the input position it reads (or -1
 * for "use the fill value"). The scatter-add is the adjoint: every output row adds into the
 * input row that it was read from, in ascending output order, so results are the same at any
 * thread count.
 */
public final class AxisGather {
    /** Floats of work per parallel chunk. */
    private static final int GRAIN = 1 << 15;

    private AxisGather() {
    }

    /**
     * out[o, j, i] = src[o, map[j], i], or {@code fill} where {@code map[j] < 0}.
     *
     * @param n the source size along the axis
     */
    public static float[] gather(float[] src, int outer, int n, int inner, int[] map, float fill) {
        int m = map.length;
        float[] out = new float[outer * m * inner];
        int rows = outer * m;
        Parallel.range(rows, Math.max(1, GRAIN / Math.max(1, inner)), (s, e) -> {
            int r = s;
            while (r < e) {
                int o = r / m;
                int j = r - o * m;
                int from = map[j];
                // Consecutive rows that read consecutive source rows (or all fill) move as one block,
                // which matters when inner is small.
                int len = 1;
                int limit = Math.min(e - r, m - j);
                if (from < 0) {
                    while (len < limit && map[j + len] < 0) {
                        len++;
                    }
                    Arrays.fill(out, r * inner, (r + len) * inner, fill);
                } else {
                    while (len < limit && map[j + len] == from + len) {
                        len++;
                    }
                    System.arraycopy(src, (o * n + from) * inner, out, r * inner, len * inner);
                }
                r += len;
            }
        });
        return out;
    }

    /**
     * The adjoint of {@link #gather}: a zero array of {@code [outer, n, inner]} into which each
     * row j of {@code g} ({@code [outer, map.length, inner]}) is added at row {@code map[j]}
     * (rows with {@code map[j] < 0} are dropped).
     */
    public static float[] scatterAdd(float[] g, int outer, int n, int inner, int[] map) {
        int m = map.length;
        float[] out = new float[outer * n * inner];
        if (outer >= Parallel.threads() || inner == 1) {
            Parallel.range(outer, Math.max(1, GRAIN / Math.max(1, m * inner)), (s, e) -> {
                for (int o = s; o < e; o++) {
                    scatterRows(g, out, o, n, m, inner, map, 0, inner);
                }
            });
        } else {
            // Few outer slices: split the inner columns instead; each column still adds in row order.
            Parallel.range(inner, Math.max(1, GRAIN / Math.max(1, outer * m)), (s, e) -> {
                for (int o = 0; o < outer; o++) {
                    scatterRows(g, out, o, n, m, inner, map, s, e);
                }
            });
        }
        return out;
    }

    private static void scatterRows(float[] g, float[] out, int o, int n, int m, int inner, int[] map,
            int c0, int c1) {
        for (int j = 0; j < m; j++) {
            int to = map[j];
            if (to < 0) {
                continue;
            }
            int src = (o * m + j) * inner;
            int dst = (o * n + to) * inner;
            for (int c = c0; c < c1; c++) {
                out[dst + c] += g[src + c];
            }
        }
    }

    /** The product of the dimensions before {@code axis}. */
    public static int outer(int[] shape, int axis) {
        int p = 1;
        for (int i = 0; i < axis; i++) {
            p *= shape[i];
        }
        return p;
    }

    /** The product of the dimensions after {@code axis}. */
    public static int inner(int[] shape, int axis) {
        int p = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            p *= shape[i];
        }
        return p;
    }
}
