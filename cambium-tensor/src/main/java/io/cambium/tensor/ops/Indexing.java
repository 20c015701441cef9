package io.cambium.tensor.ops;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.AxisGather;

/**
 * Integer indexing: index_select, gather, scatter_add (PyTorch semantics) and embedding lookup,
 * with their gradients.
 *
 * <p>Index tensors are float tensors holding integer values (Cambium has one element type);
 * a non-integer or out-of-range value is an error that names the op, the value and the valid
 * range. {@code indexSelect} takes its 1-D list of indices as an {@code int[]}. Negative indices
 * are not accepted (as in PyTorch's gather and embedding).
 */
public final class Indexing {
    private static final int GRAIN = 1 << 14;

    private Indexing() {
    }

    /** The slices {@code indices[k]} of {@code x} along {@code axis}, in order (like {@code torch.index_select}). */
    public static Tensor indexSelect(Tensor x, int axis, int... indices) {
        int[] in = x.shape();
        int ax = Shape.axis("index_select", axis, in.length);
        int[] map = indices.clone();
        for (int i = 0; i < map.length; i++) {
            if (map[i] < 0 || map[i] >= in[ax]) {
                throw new IndexOutOfBoundsException("index_select: index " + map[i] + " is out of range [0, "
                        + in[ax] + ") for axis " + axis + " of shape " + Shape.str(in));
            }
        }
        int[] os = in.clone();
        os[ax] = map.length;
        int outer = AxisGather.outer(in, ax);
        int inner = AxisGather.inner(in, ax);
        Tensor out = new Tensor(AxisGather.gather(x.data(), outer, in[ax], inner, map, 0f), os);
        return Autograd.record(out, "index_select", g -> new Tensor[] {
            new Tensor(AxisGather.scatterAdd(g.data(), outer, in[ax], inner, map), in)}, x);
    }

    /**
     * {@code out[i][j][k] = x[i][index[i][j][k]][k]} for axis 1, and likewise for any axis (like
     * {@code torch.gather}): index has the rank of x, its size on every other axis is at most
     * x's, and the output has the shape of index.
     */
    public static Tensor gather(Tensor x, int axis, Tensor index) {
        int[] xs = x.shape();
        int[] is = index.shape();
        int ax = Shape.axis("gather", axis, xs.length);
        checkIndexShape("gather", "input", xs, is, ax, false);
        int[] idx = toIndices("gather", index, xs[ax], "axis " + axis + " of input shape " + Shape.str(xs));
        float[] out = new float[idx.length];
        Lines lines = new Lines(is, ax, xs, is);
        float[] src = x.data();
        lines.run((ib, tb, sb) -> {
            for (int a = 0; a < is[ax]; a++) {
                int ip = ib + a * lines.indexStride;
                out[ip] = src[tb + idx[ip] * lines.targetStride];
            }
        });
        Tensor result = new Tensor(out, is);
        return Autograd.record(result, "gather", g -> new Tensor[] {
            new Tensor(scatterAddData(Tensor.zeros(xs), ax, idx, is, g), xs)}, x);
    }

    /**
     * {@code x} plus {@code src} added at the positions given by {@code index} along
     * {@code axis} (like {@code torch.Tensor.scatter_add}): for axis 1,
     * {@code out[i][index[i][j][k]][k] += src[i][j][k]}. index has the rank of x; its size on
     * every axis is at most src's, and at most x's on the other axes. Repeated indices add up.
     */
    public static Tensor scatterAdd(Tensor x, int axis, Tensor index, Tensor src) {
        int[] xs = x.shape();
        int[] is = index.shape();
        int[] ss = src.shape();
        int ax = Shape.axis("scatter_add", axis, xs.length);
        checkIndexShape("scatter_add", "input", xs, is, ax, false);
        checkIndexShape("scatter_add", "src", ss, is, ax, true);
        int[] idx = toIndices("scatter_add", index, xs[ax], "axis " + axis + " of input shape " + Shape.str(xs));
        float[] out = scatterAddData(x, ax, idx, is, src);
        Tensor result = new Tensor(out, xs);
        return Autograd.record(result, "scatter_add", g -> {
            Tensor gx = x.requiresGrad() ? g.copy() : null;
            Tensor gs = null;
            if (src.requiresGrad()) {
                // d out / d src: read g back from the positions each src element was added to.
                float[] gsd = new float[Shape.numel(ss)];
                float[] gd = g.data();
                Lines lines = new Lines(is, ax, xs, ss);
                lines.run((ib, tb, sb) -> {
                    for (int a = 0; a < is[ax]; a++) {
                        int ip = ib + a * lines.indexStride;
                        gsd[sb + a * lines.srcStride] = gd[tb + idx[ip] * lines.targetStride];
                    }
                });
                gs = new Tensor(gsd, ss);
            }
            return new Tensor[] {gx, null, gs};
        }, x, index, src);
    }

    /** A copy of base with src added at the index positions; lines run in a fixed order. */
    private static float[] scatterAddData(Tensor base, int ax, int[] idx, int[] is, Tensor src) {
        int[] xs = base.shape();
        float[] out = base.data().clone();
        float[] sd = src.data();
        Lines lines = new Lines(is, ax, xs, src.shape());
        // Two index lines never write the same element: they differ on an axis other than ax.
        lines.run((ib, tb, sb) -> {
            for (int a = 0; a < is[ax]; a++) {
                int ip = ib + a * lines.indexStride;
                out[tb + idx[ip] * lines.targetStride] += sd[sb + a * lines.srcStride];
            }
        });
        return out;
    }

    /**
     * Looks up rows of {@code weights} ({@code [vocab, dim]}) for every id in {@code ids}; the
     * result has shape {@code ids.shape + [dim]}. The gradient adds each output row into the
     * weight row it came from.
     */
    public static Tensor embedding(Tensor weights, Tensor ids) {
        int[] ws = weights.shape();
        if (ws.length != 2) {
            throw new IllegalArgumentException("embedding: weights must be [vocab, dim], got shape " + Shape.str(ws));
        }
        int vocab = ws[0];
        int dim = ws[1];
        int[] rows = toIndices("embedding", ids, vocab, "vocabulary size " + vocab);
        int[] is = ids.shape();
        int[] os = java.util.Arrays.copyOf(is, is.length + 1);
        os[is.length] = dim;
        float[] w = weights.data();
        float[] out = new float[rows.length * dim];
        Parallel.range(rows.length, Math.max(1, GRAIN / Math.max(1, dim)), (s, e) -> {
            for (int r = s; r < e; r++) {
                System.arraycopy(w, rows[r] * dim, out, r * dim, dim);
            }
        });
        Tensor result = new Tensor(out, os);
        return Autograd.record(result, "embedding", g -> {
            // Scatter along the vocabulary axis of [1, vocab, dim]; rows add in id order.
            float[] gw = AxisGather.scatterAdd(g.data(), 1, vocab, dim, rows);
            return new Tensor[] {new Tensor(gw, ws), null};
        }, weights, ids);
    }

    /**
     * The integer values of an index tensor, checked to lie in [0, bound).
     *
     * @param what describes the bound in the error message
     */
    public static int[] toIndices(String op, Tensor index, int bound, String what) {
        float[] d = index.data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            int k = (int) v;
            if (k != v) {
                throw new IllegalArgumentException(op + ": index " + v + " at flat position " + i
                        + " is not an integer");
            }
            if (k < 0 || k >= bound) {
                throw new IndexOutOfBoundsException(op + ": index " + k + " at flat position " + i
                        + " is out of range [0, " + bound + ") for " + what);
            }
            out[i] = k;
        }
        return out;
    }

    private static void checkIndexShape(String op, String name, int[] other, int[] is, int ax, boolean includeAxis) {
        boolean ok = other.length == is.length;
        for (int i = 0; ok && i < is.length; i++) {
            ok = (i == ax && !includeAxis) || is[i] <= other[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index shape " + Shape.str(is) + " must have the rank of "
                    + name + " shape " + Shape.str(other) + " and be no larger on "
                    + (includeAxis ? "any axis" : "axes other than " + ax));
        }
    }

    /** Body over one index line: base offsets in index, target and src. */
    @FunctionalInterface
    private interface LineBody {
        void run(int indexBase, int targetBase, int srcBase);
    }

    /**
     * The lines of an index tensor along the indexed axis: all positions that share their
     * coordinates on every other axis. Each line is processed whole by one thread.
     */
    private static final class Lines {
        final int[] is;
        final int ax;
        final int[] istr;
        final int[] tstr;
        final int[] sstr;
        final int indexStride;
        final int targetStride;
        final int srcStride;
        final int count;

        Lines(int[] is, int ax, int[] targetShape, int[] srcShape) {
            this.is = is;
            this.ax = ax;
            istr = Shape.strides(is);
            tstr = Shape.strides(targetShape);
            sstr = Shape.strides(srcShape);
            indexStride = istr[ax];
            targetStride = tstr[ax];
            srcStride = sstr[ax];
            count = is[ax] == 0 ? 0 : Shape.numel(is) / is[ax];
        }

        void run(LineBody body) {
            int len = Math.max(1, is[ax]);
            Parallel.range(count, Math.max(1, GRAIN / len), (s, e) -> {
                int[] coord = new int[is.length];
                for (int line = s; line < e; line++) {
                    int rem = line;
                    for (int d = is.length - 1; d >= 0; d--) {
                        if (d == ax) {
                            coord[d] = 0;
                            continue;
                        }
                        coord[d] = rem % is[d];
                        rem /= is[d];
                    }
                    int ib = 0;
                    int tb = 0;
                    int sb = 0;
                    for (int d = 0; d < is.length; d++) {
                        ib += coord[d] * istr[d];
                        tb += coord[d] * tstr[d];
                        sb += coord[d] * sstr[d];
                    }
                    body.run(ib, tb, sb);
                }
            });
        }
    }
}
