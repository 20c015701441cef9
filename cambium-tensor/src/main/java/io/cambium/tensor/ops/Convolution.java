package io.cambium.tensor.ops;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.autograd.BackwardFn;
import io.cambium.tensor.kernels.ConvGeometry;
import io.cambium.tensor.kernels.ConvKernels;

/**
 * 1-D and 2-D channels-last convolution (cross-correlation, as in Keras and PyTorch) with
 * strides, padding, dilation and groups, and its gradients for the input and the kernel. Bias is
 * not part of the op.
 *
 * <p>Layouts: conv2d input [N, H, W, Cin], kernel [kh, kw, Cin / groups, Cout], output
 * [N, Ho, Wo, Cout]; conv1d input [N, L, Cin], kernel [k, Cin / groups, Cout], output [N, Lo, Cout].
 * With groups g, output channels [j * Cout / g, (j + 1) * Cout / g) see input channels
 * [j * Cin / g, (j + 1) * Cin / g); groups = Cin is a depthwise convolution with channel multiplier
 * Cout / Cin.
 */
public final class Convolution {
    private Convolution() {
    }

    /**
     * 2-D convolution.
     *
     * @param strides (sy, sx)
     * @param padding VALID or SAME
     * @param dilation (dy, dx)
     * @param groups number of channel groups (divides Cin and Cout)
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, int[] strides, ConvPadding padding, int[] dilation,
                                int groups) {
        return conv2d(x, kernel, null, false, strides, padding, dilation, groups);
    }

    /**
     * 2-D convolution, plus a bias [Cout] when {@code bias} is not null, then ReLU when
     * {@code relu}: the same values and gradients as {@code relu(conv2d(...) + bias)} with one
     * output buffer instead of three.
     *
     * @param strides (sy, sx)
     * @param padding VALID or SAME
     * @param dilation (dy, dx)
     * @param groups number of channel groups (divides Cin and Cout)
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, boolean relu, int[] strides,
                                ConvPadding padding, int[] dilation, int groups) {
        String op = "conv2d";
        int[] xs = x.shape();
        int[] ks = kernel.shape();
        if (xs.length != 4) {
            throw new IllegalArgumentException(op + ": input must be [N, H, W, Cin], got shape " + Shape.str(xs));
        }
        if (ks.length != 4) {
            throw new IllegalArgumentException(op + ": kernel must be [kh, kw, Cin/groups, Cout], got shape "
                    + Shape.str(ks));
        }
        pair(op, "strides", strides);
        pair(op, "dilation", dilation);
        if (padding == ConvPadding.CAUSAL) {
            throw new IllegalArgumentException(op + ": CAUSAL padding is for 1-D convolution only");
        }
        checkChannels(op, xs[3], ks[2], ks[3], groups, xs, ks);
        ConvAxis ya = ConvAxis.of(op, "height", xs[1], ks[0], strides[0], dilation[0], padding);
        ConvAxis xa = ConvAxis.of(op, "width", xs[2], ks[1], strides[1], dilation[1], padding);
        ConvGeometry g = geometry(xs[0], ya, xa, xs[3], ks[3], groups);
        return run(op, x, kernel, bias, relu, g, new int[] {xs[0], ya.out(), xa.out(), ks[3]});
    }

    /**
     * 1-D convolution.
     *
     * @param padding VALID, SAME or CAUSAL
     * @param groups number of channel groups (divides Cin and Cout)
     */
    public static Tensor conv1d(Tensor x, Tensor kernel, int stride, ConvPadding padding, int dilation,
                                int groups) {
        return conv1d(x, kernel, null, false, stride, padding, dilation, groups);
    }

    /**
     * 1-D convolution, plus a bias [Cout] when {@code bias} is not null, then ReLU when
     * {@code relu}: the same values and gradients as {@code relu(conv1d(...) + bias)} with one
     * output buffer instead of three.
     *
     * @param padding VALID, SAME or CAUSAL
     * @param groups number of channel groups (divides Cin and Cout)
     */
    public static Tensor conv1d(Tensor x, Tensor kernel, Tensor bias, boolean relu, int stride,
                                ConvPadding padding, int dilation, int groups) {
        String op = "conv1d";
        int[] xs = x.shape();
        int[] ks = kernel.shape();
        if (xs.length != 3) {
            throw new IllegalArgumentException(op + ": input must be [N, L, Cin], got shape " + Shape.str(xs));
        }
        if (ks.length != 3) {
            throw new IllegalArgumentException(op + ": kernel must be [k, Cin/groups, Cout], got shape "
                    + Shape.str(ks));
        }
        checkChannels(op, xs[2], ks[1], ks[2], groups, xs, ks);
        ConvAxis ya = ConvAxis.of(op, "height", 1, 1, 1, 1, ConvPadding.VALID);
        ConvAxis xa = ConvAxis.of(op, "length", xs[1], ks[0], stride, dilation, padding);
        ConvGeometry g = geometry(xs[0], ya, xa, xs[2], ks[2], groups);
        return run(op, x, kernel, bias, relu, g, new int[] {xs[0], xa.out(), ks[2]});
    }

    static ConvGeometry geometry(int n, ConvAxis ya, ConvAxis xa, int cin, int cout, int groups) {
        return new ConvGeometry(n, ya.in(), xa.in(), cin, ya.k(), xa.k(), cout, groups, ya.stride(), xa.stride(),
                ya.dilation(), xa.dilation(), ya.padBefore(), xa.padBefore(), ya.out(), xa.out());
    }

    static void pair(String op, String what, int[] v) {
        if (v == null || v.length != 2) {
            throw new IllegalArgumentException(op + ": " + what + " must have 2 values (height, width), got "
                    + (v == null ? "null" : Shape.str(v)));
        }
    }

    private static void checkChannels(String op, int cin, int kcin, int cout, int groups, int[] xs, int[] ks) {
        if (groups < 1) {
            throw new IllegalArgumentException(op + ": groups must be at least 1, got " + groups);
        }
        if (cin % groups != 0 || cout % groups != 0) {
            throw new IllegalArgumentException(op + ": groups " + groups + " must divide both the input channels "
                    + cin + " and the output channels " + cout);
        }
        if (kcin != cin / groups) {
            throw new IllegalArgumentException(op + ": kernel " + Shape.str(ks) + " expects " + kcin
                    + " input channels per group, but input " + Shape.str(xs) + " has " + cin + " channels in "
                    + groups + " group(s), i.e. " + cin / groups + " per group");
        }
    }

    private static Tensor run(String op, Tensor x, Tensor kernel, Tensor bias, boolean relu, ConvGeometry g,
                              int[] outShape) {
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != g.cout())) {
            throw new IllegalArgumentException(op + ": bias must be [" + g.cout() + "] (the output channels), got shape "
                    + Shape.str(bias.shape()));
        }
        float[] out = ArrayPool.take(Shape.numel(outShape));
        ConvKernels.forward(g, x.data(), kernel.data(), bias == null ? null : bias.data(), relu, out);
        Tensor result = new Tensor(out, outShape);
        BackwardFn backward = gy -> {
            float[] db = Autograd.wants(bias) ? new float[g.cout()] : null;
            float[] dx = Autograd.wants(x) ? new float[x.numel()] : null;
            float[] dk = Autograd.wants(kernel) ? new float[kernel.numel()] : null;
            ConvKernels.biasReluConvBackward(g, x.data(), kernel.data(), out, gy.data(), relu, dx, dk, db);
            Tensor gx = dx == null ? null : Tensor.wrapOwned(dx, x.shape());
            Tensor gk = dk == null ? null : Tensor.wrapOwned(dk, kernel.shape());
            return bias == null ? new Tensor[] {gx, gk}
                    : new Tensor[] {gx, gk, db == null ? null : Tensor.wrapOwned(db, g.cout())};
        };
        BackwardFn recorded = gy -> {
            // The ReLU's mask is a constant of the recorded graph.
            Tensor gz = relu ? gy.mul(result.detach().gt(0f)) : gy;
            Tensor gx = Autograd.wants(x) ? ConvAdjoints.inputGrad(gz, kernel, g, x.shape()) : null;
            Tensor gk = Autograd.wants(kernel) ? ConvAdjoints.kernelGrad(x, gz, g, kernel.shape()) : null;
            if (bias == null) {
                return new Tensor[] {gx, gk};
            }
            return new Tensor[] {gx, gk, Autograd.wants(bias) ? gz.sumTo(g.cout()) : null};
        };
        return bias == null ? Autograd.record(result, op, backward, recorded, x, kernel)
                : Autograd.record(result, op, backward, recorded, x, kernel, bias);
    }
}
