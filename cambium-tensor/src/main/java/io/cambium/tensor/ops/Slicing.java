package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.AxisGather;

/**
 * Python-style basic slicing {@code x[start:end:step, ...]} (materialized), with its gradient.
 *
 * <p>Bounds follow Python's {@code slice.indices}: negative start/end count from the end,
 * out-of-range bounds are clamped, and steps may be negative. {@link #NONE} stands for an
 * omitted bound, like Python's None: {@code x[:a]}, {@code x[a:]}, or with a negative step
 * {@code x[::-1]}.
 */
public final class Slicing {
    /** An omitted start or end (Python's None): the axis is taken from its edge in the step's direction. */
    public static final int NONE = Integer.MAX_VALUE;

    private Slicing() {
    }

    /**
     * Slices every axis: {@code starts[i]:ends[i]:steps[i]} on axis i. The arrays may be shorter
     * than the rank; the remaining axes are kept whole. {@code steps} may be null (all 1).
     */
    public static Tensor slice(Tensor x, int[] starts, int[] ends, int[] steps) {
        int[] in = x.shape();
        if (starts.length != ends.length || (steps != null && steps.length != starts.length)) {
            throw new IllegalArgumentException("slice: starts " + Shape.str(starts) + ", ends " + Shape.str(ends)
                    + (steps == null ? "" : " and steps " + Shape.str(steps)) + " must have equal lengths");
        }
        if (starts.length > in.length) {
            throw new IllegalArgumentException("slice: " + starts.length + " axes given for a tensor of shape "
                    + Shape.str(in));
        }
        int[][] maps = new int[in.length][];
        for (int a = 0; a < starts.length; a++) {
            maps[a] = indices(in, a, starts[a], ends[a], steps == null ? 1 : steps[a]);
        }
        return apply(x, maps);
    }

    /** Slices one axis: {@code x[..., start:end:step, ...]}. */
    public static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int[] in = x.shape();
        int ax = Shape.axis("slice", axis, in.length);
        int[][] maps = new int[in.length][];
        maps[ax] = indices(in, ax, start, end, step);
        return apply(x, maps);
    }

    /** The source positions that Python's slice start:end:step selects on an axis of the shape. */
    static int[] indices(int[] shape, int axis, int start, int end, int step) {
        if (step == 0) {
            throw new IllegalArgumentException("slice: step must not be zero (axis " + axis + " of shape "
                    + Shape.str(shape) + ")");
        }
        int n = shape[axis];
        int lo;
        int hi;
        if (step > 0) {
            lo = start == NONE ? 0 : clamp(start, n, 0, n);
            hi = end == NONE ? n : clamp(end, n, 0, n);
        } else {
            lo = start == NONE ? n - 1 : clamp(start, n, -1, n - 1);
            hi = end == NONE ? -1 : clamp(end, n, -1, n - 1);
        }
        int count = step > 0 ? (hi > lo ? (hi - lo + step - 1) / step : 0)
                : (lo > hi ? (lo - hi - step - 1) / -step : 0);
        int[] m = new int[count];
        for (int i = 0; i < count; i++) {
            m[i] = lo + i * step;
        }
        return m;
    }

    private static int clamp(int v, int n, int min, int max) {
        long w = v < 0 ? (long) v + n : v;
        return (int) Math.max(min, Math.min(max, w));
    }

    /** Gathers along every axis with a non-null map; the gradient scatters back. */
    private static Tensor apply(Tensor x, int[][] maps) {
        int[] in = x.shape();
        Tensor out = gatherAxes(x.data(), in, maps, 0f);
        return Autograd.record(out, "slice", g -> new Tensor[] {scatterAxes(g, in, maps)}, x);
    }

    /** Applies a one-axis gather (with fill for map entries -1) per axis that has a map. */
    static Tensor gatherAxes(float[] data, int[] shape, int[][] maps, float fill) {
        float[] d = data;
        int[] s = shape.clone();
        boolean copied = false;
        for (int a = 0; a < s.length; a++) {
            if (maps[a] == null) {
                continue;
            }
            d = AxisGather.gather(d, AxisGather.outer(s, a), s[a], AxisGather.inner(s, a), maps[a], fill);
            s[a] = maps[a].length;
            copied = true;
        }
        return new Tensor(copied ? d : data.clone(), s);
    }

    /** The adjoint of {@link #gatherAxes}: the gradient with respect to a tensor of shape {@code in}. */
    static Tensor scatterAxes(Tensor g, int[] in, int[][] maps) {
        float[] d = g.data();
        int[] s = g.shape();
        for (int a = s.length - 1; a >= 0; a--) {
            if (maps[a] == null) {
                continue;
            }
            d = AxisGather.scatterAdd(d, AxisGather.outer(s, a), in[a], AxisGather.inner(s, a), maps[a]);
            s[a] = in[a];
        }
        return new Tensor(d == g.data() ? d.clone() : d, in);
    }
}
