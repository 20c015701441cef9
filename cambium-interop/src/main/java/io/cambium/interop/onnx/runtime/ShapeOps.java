package io.cambium.interop.onnx.runtime;

import static io.cambium.interop.onnx.runtime.ElementwiseOps.one;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.Slicing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Data-movement operators (reshape, transpose, squeeze, concat, split, slice, gather, expand,
 * tile, pad), shapes, ranges and reductions. On integer arrays (shape computations) the same
 * movement is computed on a float tensor of positions and applied to the integers, so each
 * operator has one definition of its semantics.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Shape", ShapeOps::shape);
        ops.put("Size", c -> one(IntArray.scalar(shapeOf(c.value(0)).length == 0 ? 1 : numel(shapeOf(c.value(0))))));
        ops.put("Reshape", c -> move(c, x -> x.reshape(reshapeTarget(c, x.shape()))));
        ops.put("Flatten", c -> move(c, x -> {
            int axis = (int) (c.attrs().i("axis", 1) < 0 ? c.attrs().i("axis", 1) + x.rank() : c.attrs().i("axis", 1));
            int outer = 1;
            for (int i = 0; i < axis; i++) {
                outer *= x.dim(i);
            }
            return x.reshape(outer, outer == 0 ? 0 : x.numel() / Math.max(outer, 1));
        }));
        ops.put("Transpose", c -> move(c, x -> {
            int[] perm = c.attrs().intList("perm");
            if (perm == null) {
                perm = new int[x.rank()];
                for (int i = 0; i < perm.length; i++) {
                    perm[i] = x.rank() - 1 - i;
                }
            }
            if (perm.length != x.rank()) {
                throw c.error("perm " + Arrays.toString(perm) + " does not fit rank " + x.rank());
            }
            return x.permute(perm);
        }));
        ops.put("Squeeze", c -> move(c, x -> {
            long[] axes = axesOf(c, 1);
            if (axes == null) {
                return x.squeeze();
            }
            int[] a = new int[axes.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = c.axis(axes[i], x.rank());
            }
            return x.squeeze(a);
        }));
        ops.put("Unsqueeze", c -> move(c, x -> {
            long[] axes = axesOf(c, 1);
            if (axes == null) {
                throw c.error("needs axes");
            }
            int r = x.rank() + axes.length;
            int[] a = new int[axes.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = c.axis(axes[i], r);
            }
            Arrays.sort(a);
            Tensor y = x;
            for (int ax : a) {
                y = y.unsqueeze(ax);
            }
            return y;
        }));
        ops.put("Concat", ShapeOps::concat);
        ops.put("Split", ShapeOps::split);
        ops.put("Slice", c -> move(c, x -> slice(c, x)));
        ops.put("Gather", ShapeOps::gather);
        ops.put("Expand", c -> move(c, x -> {
            int[] target = c.checkedShape(c.longs(1), "Expand shape");
            int[] out = IntMath.broadcastShape(x.shape(), target, c);
            c.checkedShape(out, "Expand output");
            Tensor y = x;
            while (y.rank() < out.length) {
                y = y.unsqueeze(0);
            }
            return Arrays.equals(y.shape(), out) ? y : y.expand(out);
        }));
        ops.put("Tile", c -> move(c, x -> {
            int[] reps = c.attrs().narrow(c.longs(1), "repeats");
            long[] out = new long[x.rank()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (long) x.dim(i) * reps[i];
            }
            c.checkedShape(out, "Tile output");
            return x.tile(reps);
        }));
        ops.put("Range", ShapeOps::range);
        ops.put("Trilu", ShapeOps::trilu);
        ops.put("Pad", ShapeOps::pad);
        ops.put("ReduceMean", c -> reduce(c, "mean"));
        ops.put("ReduceSum", c -> reduce(c, "sum"));
        ops.put("ReduceMax", c -> reduce(c, "max"));
        ops.put("ReduceMin", c -> reduce(c, "min"));
    }

    static int[] shapeOf(Object v) {
        return v instanceof Tensor t ? t.shape() : ((IntArray) v).shape();
    }

    private static long numel(int[] s) {
        long n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    /**
     * Applies a data movement to input 0: directly on a float tensor, through a tensor of
     * positions on integers.
     */
    private static List<Object> move(OpCall c, UnaryOperator<Tensor> op) {
        Object v = c.value(0);
        if (v instanceof Tensor t) {
            return one(op.apply(t));
        }
        return one(gatherInts((IntArray) v, op.apply(positions(((IntArray) v).shape()))));
    }

    /** A float tensor holding 0, 1, 2, ... in the given shape (exact below 2^24). */
    private static Tensor positions(int[] shape) {
        int n = (int) numel(shape);
        if (n > (1 << 24)) {
            throw new IllegalArgumentException("integer array too large to rearrange: " + n + " elements");
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return new Tensor(d, shape);
    }

    private static IntArray gatherInts(IntArray src, Tensor pos) {
        float[] p = pos.data();
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = src.data()[(int) p[i]];
        }
        return new IntArray(out, pos.shape());
    }

    private static List<Object> shape(OpCall c) {
        int[] s = shapeOf(c.value(0));
        int r = s.length;
        long start = c.attrs().i("start", 0);
        long end = c.attrs().i("end", r);
        start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
        end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
        long[] out = new long[(int) Math.max(0, end - start)];
        for (int i = 0; i < out.length; i++) {
            out[i] = s[(int) start + i];
        }
        return one(IntArray.of(out));
    }

    private static int[] reshapeTarget(OpCall c, int[] in) {
        long[] t = c.longs(1);
        boolean allowZero = c.attrs().i("allowzero", 0) != 0;
        long[] out = new long[t.length];
        int free = -1;
        long known = 1;
        for (int i = 0; i < t.length; i++) {
            long d = t[i];
            if (d == 0 && !allowZero) {
                if (i >= in.length) {
                    throw c.error("shape " + Arrays.toString(t) + " copies axis " + i + " of input " + OpCall.str(in));
                }
                d = in[i];
            }
            if (d == -1) {
                if (free >= 0) {
                    throw c.error("shape " + Arrays.toString(t) + " has more than one -1");
                }
                free = i;
                continue;
            }
            if (d < 0) {
                throw c.error("shape " + Arrays.toString(t) + " has dimension " + d);
            }
            out[i] = d;
            known = Math.multiplyExact(known, Math.max(d, 1));
        }
        long n = numel(in);
        if (free >= 0) {
            if (known == 0 || n % known != 0) {
                throw c.error("cannot reshape " + OpCall.str(in) + " to " + Arrays.toString(t));
            }
            out[free] = n / known;
        }
        int[] s = c.checkedShape(out, "Reshape output");
        if (numel(s) != n) {
            throw c.error("cannot reshape " + OpCall.str(in) + " (" + n + " elements) to " + Arrays.toString(t));
        }
        return s;
    }

    private static long[] axesOf(OpCall c, int inputIndex) {
        if (c.present(inputIndex)) {
            return c.longs(inputIndex);
        }
        return c.attrs().ints("axes");
    }

    private static List<Object> concat(OpCall c) {
        int rank = shapeOf(c.value(0)).length;
        int axis = c.axis(c.attrs().i("axis", 0), rank);
        boolean ints = true;
        for (int i = 0; i < c.count(); i++) {
            ints &= c.isInt(i);
        }
        if (!ints) {
            Tensor[] parts = new Tensor[c.count()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = c.tensor(i);
            }
            return one(Tensor.concat(axis, parts));
        }
        Tensor[] pos = new Tensor[c.count()];
        List<Long> all = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < pos.length; i++) {
            IntArray a = c.ints(i);
            pos[i] = positions(a.shape()).add(offset);
            for (long v : a.data()) {
                all.add(v);
            }
            offset += a.data().length;
        }
        long[] data = new long[all.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = all.get(i);
        }
        return one(gatherInts(new IntArray(data, new int[] {data.length}), Tensor.concat(axis, pos)));
    }

    private static List<Object> split(OpCall c) {
        Object v = c.value(0);
        int[] s = shapeOf(v);
        int axis = c.axis(c.attrs().i("axis", 0), s.length);
        int parts = c.outputs();
        long[] sizes = c.present(1) ? c.longs(1) : c.attrs().ints("split");
        int[] sz = new int[parts];
        if (sizes == null) {
            int each = (s[axis] + parts - 1) / parts;
            for (int i = 0; i < parts; i++) {
                sz[i] = Math.max(0, Math.min(each, s[axis] - each * i));
            }
        } else {
            if (sizes.length != parts) {
                throw c.error("split sizes " + Arrays.toString(sizes) + " do not match its " + parts + " outputs");
            }
            sz = c.attrs().narrow(sizes, "split");
        }
        long total = 0;
        for (int z : sz) {
            total += z;
        }
        if (total != s[axis]) {
            throw c.error("split sizes " + Arrays.toString(sz) + " do not add up to " + s[axis]);
        }
        Tensor t = v instanceof Tensor tt ? tt : positions(s);
        Tensor[] pieces = t.split(axis, sz);
        List<Object> out = new ArrayList<>();
        for (Tensor p : pieces) {
            out.add(v instanceof Tensor ? p : gatherInts((IntArray) v, p));
        }
        return out;
    }

    private static Tensor slice(OpCall c, Tensor x) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        if (c.opset() >= 10) {
            starts = c.longs(1);
            ends = c.longs(2);
            axes = c.present(3) ? c.longs(3) : null;
            steps = c.present(4) ? c.longs(4) : null;
        } else {
            starts = c.attrs().ints("starts");
            ends = c.attrs().ints("ends");
            axes = c.attrs().ints("axes");
            steps = null;
        }
        int r = x.rank();
        int[] st = new int[r];
        int[] en = new int[r];
        int[] sp = new int[r];
        for (int i = 0; i < r; i++) {
            st[i] = 0;
            en[i] = Slicing.NONE;
            sp[i] = 1;
        }
        if (starts.length != ends.length) {
            throw c.error("starts and ends differ in length");
        }
        for (int i = 0; i < starts.length; i++) {
            int a = c.axis(axes == null ? i : axes[i], r);
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw c.error("step 0");
            }
            long dim = x.dim(a);
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (step > 0) {
                s = Math.max(0, Math.min(dim, s));
                e = Math.max(0, Math.min(dim, e));
            } else {
                s = Math.max(0, Math.min(dim - 1, s));
                e = Math.max(-1, Math.min(dim - 1, e));
            }
            st[a] = (int) s;
            en[a] = e == -1 ? Slicing.NONE : (int) e;
            sp[a] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, step));
        }
        return x.slice(st, en, sp);
    }

    private static List<Object> gather(OpCall c) {
        Object v = c.value(0);
        int[] s = shapeOf(v);
        int axis = c.axis(c.attrs().i("axis", 0), s.length);
        IntArray idx = c.ints(1);
        long[] ids = idx.data().clone();
        for (int i = 0; i < ids.length; i++) {
            long k = ids[i] < 0 ? ids[i] + s[axis] : ids[i];
            if (k < 0 || k >= s[axis]) {
                throw c.error("index " + idx.data()[i] + " is out of range for axis " + axis + " of size " + s[axis]);
            }
            ids[i] = k;
        }
        Tensor data = v instanceof Tensor t ? t : positions(s);
        Tensor out = take(data, axis, new IntArray(ids, idx.shape()));
        return one(v instanceof Tensor ? out : gatherInts((IntArray) v, out));
    }

    /** {@code data} indexed along {@code axis} by {@code idx}: shape data[:axis] + idx.shape + data[axis+1:]. */
    static Tensor take(Tensor data, int axis, IntArray idx) {
        int r = data.rank();
        int[] s = data.shape();
        int[] perm = new int[r];
        perm[0] = axis;
        for (int i = 0, k = 1; i < r; i++) {
            if (i != axis) {
                perm[k++] = i;
            }
        }
        Tensor moved = axis == 0 ? data : data.permute(perm);
        int rest = s[axis] == 0 ? 0 : data.numel() / s[axis];
        Tensor table = moved.reshape(s[axis], rest);
        boolean scalar = idx.rank() == 0;
        Tensor ids = idx.toTensor();
        if (scalar) {
            ids = ids.reshape(1);
        }
        Tensor rows = Tensor.embedding(table, ids);
        int[] idShape = idx.shape();
        int[] lead = Arrays.copyOfRange(s, 0, axis);
        int[] tail = Arrays.copyOfRange(s, axis + 1, r);
        int[] byIds = new int[(scalar ? 1 : idShape.length) + lead.length + tail.length];
        int k = 0;
        for (int d : scalar ? new int[] {1} : idShape) {
            byIds[k++] = d;
        }
        for (int d : lead) {
            byIds[k++] = d;
        }
        for (int d : tail) {
            byIds[k++] = d;
        }
        Tensor y = rows.reshape(byIds);
        int ni = scalar ? 1 : idShape.length;
        if (lead.length > 0) {
            // idx axes first, then the leading data axes: bring the leading ones to the front.
            int[] p = new int[byIds.length];
            int q = 0;
            for (int i = 0; i < lead.length; i++) {
                p[q++] = ni + i;
            }
            for (int i = 0; i < ni; i++) {
                p[q++] = i;
            }
            for (int i = 0; i < tail.length; i++) {
                p[q++] = ni + lead.length + i;
            }
            y = y.permute(p);
        }
        return scalar ? y.squeeze(lead.length) : y;
    }

    /** Keeps the lower (upper=0) or upper triangle of the last two axes, shifted by k; zeros elsewhere. */
    private static List<Object> trilu(OpCall c) {
        Object v = c.value(0);
        int[] s = shapeOf(v);
        if (s.length < 2) {
            throw c.error("needs at least 2 axes, got " + OpCall.str(s));
        }
        long k = c.present(1) ? c.longs(1)[0] : 0;
        boolean upper = c.attrs().i("upper", 1) != 0;
        int rows = s[s.length - 2];
        int cols = s[s.length - 1];
        float[] keep = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                keep[i * cols + j] = (upper ? j - i >= k : j - i <= k) ? 1f : 0f;
            }
        }
        Tensor mask = new Tensor(keep, rows, cols);
        if (v instanceof Tensor t) {
            return one(t.mul(mask));
        }
        IntArray a = (IntArray) v;
        long[] d = a.data().clone();
        for (int i = 0; i < d.length; i++) {
            if (keep[i % keep.length] == 0f) {
                d[i] = 0;
            }
        }
        return one(new IntArray(d, s));
    }

    private static List<Object> range(OpCall c) {
        if (c.isInt(0) && c.isInt(1) && c.isInt(2)) {
            long start = c.longs(0)[0];
            long limit = c.longs(1)[0];
            long delta = c.longs(2)[0];
            if (delta == 0) {
                throw c.error("delta 0");
            }
            long n = Math.max(0, (limit - start + delta + (delta > 0 ? -1 : 1)) / delta);
            c.checkedShape(new long[] {n}, "Range output");
            long[] d = new long[(int) n];
            for (int i = 0; i < n; i++) {
                d[i] = start + i * delta;
            }
            return one(IntArray.of(d));
        }
        float start = c.tensor(0).item();
        float limit = c.tensor(1).item();
        float delta = c.tensor(2).item();
        double n = Math.max(0, Math.ceil((limit - start) / (double) delta));
        c.checkedShape(new long[] {(long) n}, "Range output");
        float[] d = new float[(int) n];
        for (int i = 0; i < d.length; i++) {
            d[i] = start + i * delta;
        }
        return one(new Tensor(d, d.length));
    }

    private static List<Object> pad(OpCall c) {
        Tensor x = c.tensor(0);
        int r = x.rank();
        long[] pads = c.opset() >= 11 ? c.longs(1) : c.attrs().ints("pads");
        float value = c.opset() >= 11 ? (c.present(2) ? c.tensor(2).item() : 0f) : c.attrs().f("value", 0f);
        long[] axes = c.opset() >= 18 && c.present(3) ? c.longs(3) : null;
        int n = axes == null ? r : axes.length;
        if (pads.length != 2 * n) {
            throw c.error("pads " + Arrays.toString(pads) + " do not fit rank " + r);
        }
        int[][] widths = new int[r][2];
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            out[i] = x.dim(i);
        }
        for (int i = 0; i < n; i++) {
            int a = axes == null ? i : c.axis(axes[i], r);
            if (pads[i] < 0 || pads[n + i] < 0) {
                throw c.error("negative pads (cropping) are not supported");
            }
            widths[a][0] = (int) Math.min(pads[i], Integer.MAX_VALUE);
            widths[a][1] = (int) Math.min(pads[n + i], Integer.MAX_VALUE);
            out[a] += pads[i] + pads[n + i];
        }
        c.checkedShape(out, "Pad output");
        String mode = c.attrs().s("mode", "constant");
        return switch (mode) {
            case "constant" -> one(x.pad(widths, value));
            case "reflect" -> one(x.padReflect(widths));
            default -> throw c.error("pad mode '" + mode + "' is not supported (constant, reflect)");
        };
    }

    private static List<Object> reduce(OpCall c, String how) {
        Tensor x = c.tensor(0);
        boolean keep = c.attrs().i("keepdims", 1) != 0;
        boolean axesAsInput = c.opset() >= 18 || (how.equals("sum") && c.opset() >= 13);
        long[] axes = axesAsInput ? (c.present(1) ? c.longs(1) : null) : c.attrs().ints("axes");
        if (axes == null || axes.length == 0) {
            if (c.attrs().i("noop_with_empty_axes", 0) != 0) {
                return one(x);
            }
            axes = new long[x.rank()];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        int[] a = new int[axes.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = c.axis(axes[i], x.rank());
        }
        return one(switch (how) {
            case "mean" -> x.mean(a, keep);
            case "sum" -> x.sum(a, keep);
            case "max" -> x.max(a, keep);
            default -> x.min(a, keep);
        });
    }
}
