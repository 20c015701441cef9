package io.cambium.tensor.ops;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.ColumnSums;

/**
 * Reductions over any set of axes. Sums accumulate in double precision within fixed-size chunks
 * whose boundaries do not depend on the thread count, so results are the same at any thread count.
 */
public final class Reductions {
    /** Elements summed per chunk of a full reduction. */
    private static final int CHUNK = 1 << 14;

    private Reductions() {
    }

    /** Normalizes axes (null means all) into a flag per axis. */
    public static boolean[] axesMask(String op, int[] axes, int rank) {
        boolean[] m = new boolean[rank];
        if (axes == null) {
            java.util.Arrays.fill(m, true);
            return m;
        }
        for (int a : axes) {
            int ax = Shape.axis(op, a, rank);
            if (m[ax]) {
                throw new IllegalArgumentException(op + ": axis " + a + " given twice");
            }
            m[ax] = true;
        }
        return m;
    }

    /** The output shape of a reduction. */
    public static int[] reducedShape(int[] shape, boolean[] mask, boolean keepDims) {
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i] || keepDims) {
                n++;
            }
        }
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i]) {
                out[j++] = shape[i];
            } else if (keepDims) {
                out[j++] = 1;
            }
        }
        return out;
    }

    /** The shape with reduced axes kept as 1. */
    public static int[] keepDimsShape(int[] shape, boolean[] mask) {
        return reducedShape(shape, mask, true);
    }

    /** Sum over axes (null: all). */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        int[] in = x.shape();
        boolean[] mask = axesMask("sum", axes, in.length);
        Tensor out = new Tensor(sumData(x.data(), in, mask), reducedShape(in, mask, keepDims));
        int[] kept = keepDimsShape(in, mask);
        return Autograd.recordDifferentiable(out, "sum", g -> new Tensor[] {g.reshape(kept).expand(in)}, x);
    }

    /** Mean over axes (null: all). */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        int[] in = x.shape();
        boolean[] mask = axesMask("mean", axes, in.length);
        long count = 1;
        for (int i = 0; i < in.length; i++) {
            if (mask[i]) {
                count *= in[i];
            }
        }
        float[] s = sumData(x.data(), in, mask);
        float inv = count == 0 ? Float.NaN : 1f / count;
        for (int i = 0; i < s.length; i++) {
            s[i] *= inv;
        }
        Tensor out = new Tensor(s, reducedShape(in, mask, keepDims));
        int[] kept = keepDimsShape(in, mask);
        return Autograd.recordDifferentiable(out, "mean", g -> new Tensor[] {g.reshape(kept).mul(inv).expand(in)}, x);
    }

    /** Sums away broadcast axes so that the result has shape {@code target}. */
    public static Tensor sumTo(Tensor x, int[] target) {
        int[] in = x.shape();
        if (Shape.same(in, target)) {
            return x;
        }
        if (target.length > in.length) {
            throw new IllegalArgumentException("sumTo: cannot reduce " + Shape.str(in) + " to " + Shape.str(target));
        }
        int lead = in.length - target.length;
        boolean[] mask = new boolean[in.length];
        for (int i = 0; i < in.length; i++) {
            if (i < lead) {
                mask[i] = true;
            } else if (target[i - lead] == 1 && in[i] != 1) {
                mask[i] = true;
            } else if (target[i - lead] != in[i]) {
                throw new IllegalArgumentException("sumTo: cannot reduce " + Shape.str(in) + " to " + Shape.str(target));
            }
        }
        int[] axes = java.util.stream.IntStream.range(0, in.length).filter(i -> mask[i]).toArray();
        return sum(x, axes, false).reshape(target);
    }

    /** The sums, in the order of the kept axes. */
    static float[] sumData(float[] x, int[] shape, boolean[] mask) {
        int rank = shape.length;
        int outN = 1;
        for (int i = 0; i < rank; i++) {
            if (!mask[i]) {
                outN *= shape[i];
            }
        }
        if (outN == 1) {
            return new float[] {(float) sumAll(x)};
        }
        // Count reduced axes at the end (suffix) and at the start (prefix).
        int firstReduced = rank;
        int lastKept = -1;
        for (int i = 0; i < rank; i++) {
            if (mask[i]) {
                firstReduced = Math.min(firstReduced, i);
            } else {
                lastKept = i;
            }
        }
        if (lastKept < firstReduced) {
            // Reduced axes form a suffix: each output is a contiguous segment.
            final int seg = x.length / Math.max(1, outN);
            float[] out = new float[outN];
            Parallel.range(outN, Math.max(1, CHUNK / Math.max(1, seg)), (s, e) -> {
                for (int r = s; r < e; r++) {
                    double acc = 0;
                    int base = r * seg;
                    for (int j = 0; j < seg; j++) {
                        acc += x[base + j];
                    }
                    out[r] = (float) acc;
                }
            });
            return out;
        }
        int firstKept = rank;
        int lastReduced = -1;
        for (int i = 0; i < rank; i++) {
            if (!mask[i]) {
                firstKept = Math.min(firstKept, i);
            } else {
                lastReduced = i;
            }
        }
        if (lastReduced < firstKept) {
            // Reduced axes form a prefix: accumulate rows into the output.
            final int rows = x.length / outN;
            final int cols = outN;
            float[] out = new float[outN];
            // At least 64 columns per part: each row's part is then one long run of the inner loop.
            Parallel.range(outN, Math.max(64, CHUNK / Math.max(1, rows)), (s, e) -> {
                double[] acc = new double[e - s];
                ColumnSums.add(x, cols, 0, rows, s, e, acc);
                for (int j = s; j < e; j++) {
                    out[j] = (float) acc[j - s];
                }
            });
            return out;
        }
        // General case: move the reduced axes to the end, then reduce the suffix.
        int[] perm = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (!mask[i]) {
                perm[k++] = i;
            }
        }
        for (int i = 0; i < rank; i++) {
            if (mask[i]) {
                perm[k++] = i;
            }
        }
        Tensor moved = ShapeOps.permuteData(new Tensor(x, shape), perm);
        boolean[] suffix = new boolean[rank];
        int kept = rank - countTrue(mask);
        for (int i = kept; i < rank; i++) {
            suffix[i] = true;
        }
        return sumData(moved.data(), moved.shape(), suffix);
    }

    private static int countTrue(boolean[] m) {
        int c = 0;
        for (boolean b : m) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    /** Sum of all values in double precision with thread-count-independent chunking. */
    static double sumAll(float[] x) {
        int chunks = (x.length + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            double acc = 0;
            for (float v : x) {
                acc += v;
            }
            return acc;
        }
        double[] partial = new double[chunks];
        Parallel.range(chunks, 4, (s, e) -> {
            for (int c = s; c < e; c++) {
                int lo = c * CHUNK;
                int hi = Math.min(x.length, lo + CHUNK);
                double acc = 0;
                for (int i = lo; i < hi; i++) {
                    acc += x[i];
                }
                partial[c] = acc;
            }
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }
}
