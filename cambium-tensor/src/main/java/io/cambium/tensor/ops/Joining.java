package io.cambium.tensor.ops;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.AxisGather;

/** Concatenation, stacking, splitting and narrowing along one axis, with their gradients. */
public final class Joining {
    private Joining() {
    }

    /**
     * Joins tensors along an existing axis (like {@code torch.cat}); all other dimensions must
     * match.
     */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        int[] first = parts[0].shape();
        if (first.length == 0) {
            throw new IllegalArgumentException("concat: cannot concatenate rank-0 tensors; use stack");
        }
        int ax = Shape.axis("concat", axis, first.length);
        int[] sizes = new int[parts.length];
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            int[] s = parts[p].shape();
            boolean ok = s.length == first.length;
            for (int i = 0; ok && i < s.length; i++) {
                ok = i == ax || s[i] == first[i];
            }
            if (!ok) {
                throw new IllegalArgumentException("concat: shape " + Shape.str(s) + " of tensor " + p
                        + " does not match " + Shape.str(first) + " of tensor 0 except on axis " + ax);
            }
            sizes[p] = s[ax];
            total += s[ax];
        }
        int[] os = first.clone();
        os[ax] = total;
        int outer = AxisGather.outer(os, ax);
        int inner = AxisGather.inner(os, ax);
        float[] out = new float[Shape.numel(os)];
        int rowOut = total * inner;
        int tot = total;
        Parallel.range(outer, Math.max(1, (1 << 15) / Math.max(1, rowOut)), (s, e) -> {
            for (int o = s; o < e; o++) {
                int dst = o * tot * inner;
                for (int p = 0; p < parts.length; p++) {
                    int block = sizes[p] * inner;
                    System.arraycopy(parts[p].data(), o * block, out, dst, block);
                    dst += block;
                }
            }
        });
        Tensor result = new Tensor(out, os);
        return Autograd.record(result, "concat", g -> {
            Tensor[] grads = new Tensor[parts.length];
            int start = 0;
            for (int p = 0; p < parts.length; p++) {
                if (Autograd.wants(parts[p])) {
                    grads[p] = narrowData(g, ax, start, sizes[p]);
                }
                start += sizes[p];
            }
            return grads;
        }, g -> {
            Tensor[] grads = new Tensor[parts.length];
            int start = 0;
            for (int p = 0; p < parts.length; p++) {
                if (Autograd.wants(parts[p])) {
                    grads[p] = narrow(g, ax, start, sizes[p]);
                }
                start += sizes[p];
            }
            return grads;
        }, parts);
    }

    /** Joins tensors of equal shape along a new axis (like {@code torch.stack}). */
    public static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        int[] first = parts[0].shape();
        int ax = Shape.axis("stack", axis, first.length + 1);
        Tensor[] expanded = new Tensor[parts.length];
        for (int p = 0; p < parts.length; p++) {
            int[] s = parts[p].shape();
            if (!Shape.same(s, first)) {
                throw new IllegalArgumentException("stack: shape " + Shape.str(s) + " of tensor " + p
                        + " differs from " + Shape.str(first) + " of tensor 0");
            }
            expanded[p] = Reshaping.unsqueeze(parts[p], ax);
        }
        return concat(ax, expanded);
    }

    /** The part [start, start+length) of {@code x} along {@code axis}; the gradient pads with zeros. */
    public static Tensor narrow(Tensor x, int axis, int start, int length) {
        int[] in = x.shape();
        int ax = Shape.axis("narrow", axis, in.length);
        if (start < 0 || length < 0 || start + length > in[ax]) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + (start + length)
                    + ") is out of bounds for axis " + axis + " of shape " + Shape.str(in));
        }
        Tensor out = narrowData(x, ax, start, length);
        return Autograd.record(out, "narrow", g -> {
            int[] map = range(start, length);
            float[] d = AxisGather.scatterAdd(g.data(), AxisGather.outer(in, ax), in[ax],
                    AxisGather.inner(in, ax), map);
            return new Tensor[] {new Tensor(d, in)};
        }, g -> {
            // Zeros around the gradient: the adjoint of narrow is a concatenation.
            int[] before = in.clone();
            before[ax] = start;
            int[] after = in.clone();
            after[ax] = in[ax] - start - length;
            return new Tensor[] {concat(ax, Tensor.zeros(before), g, Tensor.zeros(after))};
        }, x);
    }

    /**
     * Splits {@code x} along {@code axis} into consecutive parts of the given sizes, which must
     * add up to the size of the axis (like {@code torch.split} with a list of sizes).
     */
    public static Tensor[] splitSizes(Tensor x, int axis, int... sizes) {
        int[] in = x.shape();
        int ax = Shape.axis("split", axis, in.length);
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Shape.str(sizes));
            }
            sum += s;
        }
        if (sum != in[ax]) {
            throw new IllegalArgumentException("split: sizes " + Shape.str(sizes) + " add up to " + sum
                    + " but axis " + axis + " of shape " + Shape.str(in) + " has size " + in[ax]);
        }
        Tensor[] out = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = narrow(x, ax, start, sizes[i]);
            start += sizes[i];
        }
        return out;
    }

    /**
     * Splits {@code x} along {@code axis} into {@code parts} equal parts (like
     * {@code numpy.split} with a section count); the axis size must be divisible by parts.
     */
    public static Tensor[] splitEqual(Tensor x, int axis, int parts) {
        int[] in = x.shape();
        int ax = Shape.axis("split", axis, in.length);
        if (parts <= 0 || in[ax] % parts != 0) {
            throw new IllegalArgumentException("split: axis " + axis + " of shape " + Shape.str(in)
                    + " (size " + in[ax] + ") cannot be split into " + parts + " equal parts");
        }
        int[] sizes = new int[parts];
        java.util.Arrays.fill(sizes, in[ax] / parts);
        return splitSizes(x, ax, sizes);
    }

    static Tensor narrowData(Tensor x, int ax, int start, int length) {
        int[] in = x.shape();
        int[] os = in.clone();
        os[ax] = length;
        float[] d = AxisGather.gather(x.data(), AxisGather.outer(in, ax), in[ax], AxisGather.inner(in, ax),
                range(start, length), 0f);
        return new Tensor(d, os);
    }

    private static int[] range(int start, int length) {
        int[] m = new int[length];
        for (int i = 0; i < length; i++) {
            m[i] = start + i;
        }
        return m;
    }
}
