package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.BinaryOp;

/** Reshaping, axis permutation and broadcasting, with their gradients. */
public final class ShapeOps {
    private ShapeOps() {
    }

    /** A view with a new shape of equal size; one dimension may be -1. */
    public static Tensor reshape(Tensor x, int... newShape) {
        int[] s = inferShape(x, newShape);
        int[] old = x.shape();
        Tensor out = new Tensor(x.data(), s);
        return Autograd.recordDifferentiable(out, "reshape", g -> new Tensor[] {g.reshape(old)}, x);
    }

    private static int[] inferShape(Tensor x, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Shape.str(newShape));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension in " + Shape.str(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(x.shape()) + " ("
                        + x.numel() + " elements) into " + Shape.str(newShape));
            }
            s[infer] = (int) (x.numel() / known);
        } else if (known != x.numel()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(x.shape()) + " ("
                    + x.numel() + " elements) into " + Shape.str(newShape) + " (" + known + " elements)");
        }
        return s;
    }

    /** Reorders the axes: output axis i is input axis {@code axes[i]}. Materializes. */
    public static Tensor permute(Tensor x, int... axes) {
        int rank = x.rank();
        if (axes.length != rank) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes given for a tensor of shape "
                    + Shape.str(x.shape()));
        }
        int[] p = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = Shape.axis("permute", axes[i], rank);
            if (seen[p[i]]) {
                throw new IllegalArgumentException("permute: axis " + axes[i] + " repeated in " + Shape.str(axes));
            }
            seen[p[i]] = true;
        }
        int[] inv = new int[rank];
        for (int i = 0; i < rank; i++) {
            inv[p[i]] = i;
        }
        Tensor out = permuteData(x, p);
        return Autograd.recordDifferentiable(out, "permute", g -> new Tensor[] {g.permute(inv)}, x);
    }

    /** Swaps two axes. */
    public static Tensor transpose(Tensor x, int axis0, int axis1) {
        int rank = x.rank();
        int a0 = Shape.axis("transpose", axis0, rank);
        int a1 = Shape.axis("transpose", axis1, rank);
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = i;
        }
        p[a0] = a1;
        p[a1] = a0;
        return permute(x, p);
    }

    /** The permuted copy, without recording. */
    public static Tensor permuteData(Tensor x, int[] p) {
        int rank = p.length;
        int[] in = x.shape();
        int[] os = new int[rank];
        int[] inStrides = Shape.strides(in);
        int[] st = new int[rank];
        boolean identity = true;
        for (int i = 0; i < rank; i++) {
            os[i] = in[p[i]];
            st[i] = inStrides[p[i]];
            identity &= p[i] == i;
        }
        float[] src = x.data();
        if (identity) {
            return new Tensor(src.clone(), os);
        }
        float[] dst = new float[src.length];
        if (rank >= 2 && p[rank - 1] == rank - 2 && p[rank - 2] == rank - 1 && isPrefixIdentity(p, rank - 2)) {
            transposeLast2(src, dst, in[rank - 2], in[rank - 1], src.length / Math.max(1, in[rank - 2] * in[rank - 1]));
            return new Tensor(dst, os);
        }
        // Gather by an odometer over the output index.
        int[] idx = new int[rank];
        int off = 0;
        for (int o = 0; o < dst.length; o++) {
            dst[o] = src[off];
            for (int ax = rank - 1; ax >= 0; ax--) {
                idx[ax]++;
                off += st[ax];
                if (idx[ax] < os[ax]) {
                    break;
                }
                off -= idx[ax] * st[ax];
                idx[ax] = 0;
            }
        }
        return new Tensor(dst, os);
    }

    private static boolean isPrefixIdentity(int[] p, int n) {
        for (int i = 0; i < n; i++) {
            if (p[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Batched matrix transpose with cache blocking. */
    private static void transposeLast2(float[] src, float[] dst, int rows, int cols, int batch) {
        final int block = 32;
        for (int bt = 0; bt < batch; bt++) {
            int base = bt * rows * cols;
            for (int i0 = 0; i0 < rows; i0 += block) {
                int i1 = Math.min(rows, i0 + block);
                for (int j0 = 0; j0 < cols; j0 += block) {
                    int j1 = Math.min(cols, j0 + block);
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            dst[base + j * rows + i] = src[base + i * cols + j];
                        }
                    }
                }
            }
        }
    }

    /** Broadcasts to {@code shape} (materialized); the gradient sums back. */
    public static Tensor expand(Tensor x, int... shape) {
        int[] in = x.shape();
        int[] os = Shape.broadcast("expand", in, shape);
        if (!Shape.same(os, shape)) {
            throw new IllegalArgumentException("expand: cannot expand " + Shape.str(in) + " to " + Shape.str(shape));
        }
        Tensor zeros = Tensor.zeros(shape);
        Tensor out = Elementwise.evaluate("expand", BinaryOp.ADD, zeros, x);
        return Autograd.recordDifferentiable(out, "expand", g -> new Tensor[] {g.sumTo(in)}, x);
    }
}
