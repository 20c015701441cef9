package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.AxisKernels;

/** Running sums along an axis. */
public final class Cumulative {
    private Cumulative() {
    }

    /**
     * The inclusive running sum along {@code axis} (accumulated in double); its gradient is the
     * running sum of the output gradient taken from the end.
     */
    public static Tensor cumsum(Tensor x, int axis) {
        ReduceLayout l = ReduceLayout.alongAxis("cumsum", x.shape(), axis);
        float[] out = new float[x.numel()];
        AxisKernels.cumsum(x.data(), out, l.outer, l.len, l.inner, false);
        return Autograd.record(new Tensor(out, l.shape), "cumsum", g -> {
            float[] gx = new float[out.length];
            AxisKernels.cumsum(g.data(), gx, l.outer, l.len, l.inner, true);
            return new Tensor[] {new Tensor(gx, l.shape)};
        }, x);
    }
}
