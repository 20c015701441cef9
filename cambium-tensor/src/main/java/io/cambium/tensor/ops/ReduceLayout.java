package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * How a reduction over a set of axes maps onto the {@code [outer, len, inner]} view of
 * {@link io.cambium.tensor.kernels.AxisKernels}. Axes of size 1 are ignored and neighbouring axes
 * of the same kind merge, so that most reductions need no copy; when the reduced axes are not one
 * block, the data are permuted so that they come last.
 */
final class ReduceLayout {
    final int outer;
    final int len;
    final int inner;
    /** The input shape. */
    final int[] shape;
    /** The output shape with reduced axes kept as 1. */
    final int[] keptShape;
    /** The output shape as requested (keepDims or not). */
    final int[] outShape;
    /** Number of elements reduced into each output. */
    final int count;
    /** Kept axes then reduced axes, or null when no permutation is needed. */
    private final int[] perm;

    private ReduceLayout(int outer, int len, int inner, int[] shape, int[] keptShape, int[] outShape, int[] perm) {
        this.outer = outer;
        this.len = len;
        this.inner = inner;
        this.shape = shape;
        this.keptShape = keptShape;
        this.outShape = outShape;
        this.count = len;
        this.perm = perm;
    }

    /** The layout for reducing {@code axes} (null: all) of a tensor of this shape. */
    static ReduceLayout of(String op, int[] shape, int[] axes, boolean keepDims) {
        boolean[] mask = Reductions.axesMask(op, axes, shape.length);
        int[] kept = Reductions.keepDimsShape(shape, mask);
        int[] out = Reductions.reducedShape(shape, mask, keepDims);
        // Classify non-trivial axes: before the reduced block, in it, after it.
        int first = -1;
        int last = -1;
        for (int i = 0; i < shape.length; i++) {
            if (mask[i] && shape[i] != 1) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        boolean contiguousBlock = true;
        for (int i = first + 1; first >= 0 && i < last; i++) {
            if (!mask[i] && shape[i] != 1) {
                contiguousBlock = false;
            }
        }
        if (first < 0) {
            return new ReduceLayout(Shape.numel(shape), 1, 1, shape, kept, out, null);
        }
        if (contiguousBlock) {
            int outer = 1;
            int len = 1;
            int inner = 1;
            for (int i = 0; i < shape.length; i++) {
                if (i < first) {
                    outer *= shape[i];
                } else if (i <= last) {
                    len *= shape[i];
                } else {
                    inner *= shape[i];
                }
            }
            return new ReduceLayout(outer, len, inner, shape, kept, out, null);
        }
        int[] perm = new int[shape.length];
        int k = 0;
        int outer = 1;
        int len = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i]) {
                perm[k++] = i;
                outer *= shape[i];
            }
        }
        for (int i = 0; i < shape.length; i++) {
            if (mask[i]) {
                perm[k++] = i;
                len *= shape[i];
            }
        }
        return new ReduceLayout(outer, len, 1, shape, kept, out, perm);
    }

    /** The layout for working along one axis (softmax, cumsum): never permutes. */
    static ReduceLayout alongAxis(String op, int[] shape, int axis) {
        int ax = Shape.axis(op, axis, shape.length);
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < ax; i++) {
            outer *= shape[i];
        }
        for (int i = ax + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return new ReduceLayout(outer, shape[ax], inner, shape, shape, shape, null);
    }

    /** The input data in this layout's order (the tensor's own storage when no permutation is needed). */
    float[] gather(float[] x) {
        return perm == null ? x : ShapeOps.permuteData(new Tensor(x, shape), perm).data();
    }

    /** Data in this layout's order back in the input's order. */
    float[] scatter(float[] canonical) {
        if (perm == null) {
            return canonical;
        }
        int[] permuted = new int[shape.length];
        int[] inverse = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            permuted[i] = shape[perm[i]];
            inverse[perm[i]] = i;
        }
        return ShapeOps.permuteData(new Tensor(canonical, permuted), inverse).data();
    }
}
