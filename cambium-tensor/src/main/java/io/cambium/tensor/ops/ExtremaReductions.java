package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.AxisKernels;

/**
 * max, min, argmax and argmin over axes. The values' gradient follows {@code torch.amax}: it goes
 * to every position that equals the result, split evenly among ties.
 */
public final class ExtremaReductions {
    private ExtremaReductions() {
    }

    /** The maximum over {@code axes} (null: all); NaN if a NaN is among the values. */
    public static Tensor max(Tensor x, int[] axes, boolean keepDims) {
        return extreme("max", true, x, axes, keepDims);
    }

    /** The minimum over {@code axes} (null: all); NaN if a NaN is among the values. */
    public static Tensor min(Tensor x, int[] axes, boolean keepDims) {
        return extreme("min", false, x, axes, keepDims);
    }

    private static Tensor extreme(String name, boolean max, Tensor x, int[] axes, boolean keepDims) {
        ReduceLayout l = ReduceLayout.of(name, x.shape(), axes, keepDims);
        float[] xc = l.gather(x.data());
        float[] m = AxisKernels.extreme(max, xc, l.outer, l.len, l.inner);
        Tensor out = new Tensor(m, l.outShape);
        return Autograd.record(out, name, g -> {
            double[] ties = AxisKernels.accumulate(AxisKernels.Acc.EQ_COUNT, xc, m, l.outer, l.len, l.inner);
            float[] gd = g.data();
            float[] share = new float[m.length];
            for (int i = 0; i < share.length; i++) {
                share[i] = ties[i] == 0 ? 0f : (float) (gd[i] / ties[i]);
            }
            float[] gx = new float[xc.length];
            AxisKernels.backward(AxisKernels.Grad.EQ_MASK, xc, m, share, gx, l.outer, l.len, l.inner);
            return new Tensor[] {new Tensor(l.scatter(gx), l.shape)};
        }, x);
    }

    /**
     * The index of the first maximum along {@code axis} (or, with a null axis, in the flattened
     * tensor), as float values (exact up to 2^24). A NaN counts as the maximum. Not differentiable.
     */
    public static Tensor argmax(Tensor x, Integer axis, boolean keepDims) {
        return arg("argmax", true, x, axis, keepDims);
    }

    /** The index of the first minimum; see {@link #argmax}. */
    public static Tensor argmin(Tensor x, Integer axis, boolean keepDims) {
        return arg("argmin", false, x, axis, keepDims);
    }

    private static Tensor arg(String name, boolean max, Tensor x, Integer axis, boolean keepDims) {
        if (axis == null) {
            float[] idx = AxisKernels.argExtreme(max, x.data(), 1, x.numel(), 1);
            int[] shape = new int[keepDims ? x.rank() : 0];
            java.util.Arrays.fill(shape, 1);
            return new Tensor(idx, shape);
        }
        ReduceLayout l = ReduceLayout.of(name, x.shape(), new int[] {axis}, keepDims);
        float[] idx = AxisKernels.argExtreme(max, x.data(), l.outer, l.len, l.inner);
        return new Tensor(idx, l.outShape);
    }
}
