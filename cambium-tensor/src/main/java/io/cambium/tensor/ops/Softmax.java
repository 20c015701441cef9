package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.SoftmaxKernels;

/**
 * softmax and log_softmax along one axis, each a fused forward kernel (shifted by the maximum, so
 * large inputs stay finite) and a fused backward kernel. A slice that is entirely -inf has no
 * softmax and gives NaN, as in PyTorch.
 */
public final class Softmax {
    private Softmax() {
    }

    /** e^x / sum(e^x) along {@code axis}; backward y * (g - sum(g * y)). */
    public static Tensor softmax(Tensor x, int axis) {
        return run("softmax", false, x, axis);
    }

    /** x - logsumexp(x) along {@code axis}; backward g - e^y * sum(g). */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return run("log_softmax", true, x, axis);
    }

    private static Tensor run(String name, boolean log, Tensor x, int axis) {
        ReduceLayout l = ReduceLayout.alongAxis(name, x.shape(), axis);
        float[] y = new float[x.numel()];
        SoftmaxKernels.forward(log, x.data(), y, l.outer, l.len, l.inner);
        Tensor out = new Tensor(y, l.shape);
        return Autograd.record(out, name, g -> {
            float[] gx = new float[y.length];
            SoftmaxKernels.backward(log, y, g.data(), gx, l.outer, l.len, l.inner);
            return new Tensor[] {new Tensor(gx, l.shape)};
        }, g -> new Tensor[] {log ? g.sub(out.exp().mul(g.sum(axis, true)))
                : out.mul(g.sub(g.mul(out).sum(axis, true)))}, x);
    }
}
