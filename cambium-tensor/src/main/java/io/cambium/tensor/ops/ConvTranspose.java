package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.ConvGeometry;
import io.cambium.tensor.kernels.ConvKernels;

/**
 * Transposed 2-D convolution with Keras {@code Conv2DTranspose} semantics: the gradient of a
 * {@link Convolution#conv2d} with respect to its input. Input [N, H, W, Cin], kernel
 * [kh, kw, Cout, Cin], output [N, Ho, Wo, Cout] where, per axis, without output padding
 * Ho = H * s + max(k - s, 0) (VALID) or H * s (SAME), and with output padding p (p &lt; s)
 * Ho = (H - 1) * s + k - 2 * pad + p, pad = 0 (VALID) or k / 2 (SAME). As in TensorFlow, the
 * implied convolution pads its extra cell at the bottom/right.
 */
public final class ConvTranspose {
    private ConvTranspose() {
    }

    /**
     * @param strides (sy, sx)
     * @param padding VALID or SAME
     * @param outputPadding (py, px), or null for none
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, int[] strides, ConvPadding padding,
                                         int[] outputPadding) {
        String op = "conv2dTranspose";
        int[] xs = x.shape();
        int[] ks = kernel.shape();
        if (xs.length != 4) {
            throw new IllegalArgumentException(op + ": input must be [N, H, W, Cin], got shape " + Shape.str(xs));
        }
        if (ks.length != 4) {
            throw new IllegalArgumentException(op + ": kernel must be [kh, kw, Cout, Cin], got shape "
                    + Shape.str(ks));
        }
        Convolution.pair(op, "strides", strides);
        if (outputPadding != null) {
            Convolution.pair(op, "outputPadding", outputPadding);
        }
        if (padding == ConvPadding.CAUSAL) {
            throw new IllegalArgumentException(op + ": padding must be VALID or SAME, got CAUSAL");
        }
        if (ks[3] != xs[3]) {
            throw new IllegalArgumentException(op + ": kernel " + Shape.str(ks) + " expects " + ks[3]
                    + " input channels (last kernel axis), but input " + Shape.str(xs) + " has " + xs[3]);
        }
        ConvAxis ya = axis(op, "height", xs[1], ks[0], strides[0], padding,
                outputPadding == null ? -1 : outputPadding[0]);
        ConvAxis xa = axis(op, "width", xs[2], ks[1], strides[1], padding,
                outputPadding == null ? -1 : outputPadding[1]);
        // The convolution whose input gradient this is: from Cout channels at the output size to Cin.
        ConvGeometry g = Convolution.geometry(xs[0], ya, xa, ks[2], ks[3], 1);
        int[] outShape = {xs[0], ya.in(), xa.in(), ks[2]};
        float[] out = new float[Shape.numel(outShape)];
        ConvKernels.backward(g, null, kernel.data(), x.data(), out, null);
        Tensor result = new Tensor(out, outShape);
        return Autograd.record(result, op, gy -> {
            Tensor dx = null;
            Tensor dk = null;
            if (x.requiresGrad()) {
                float[] d = new float[x.numel()];
                ConvKernels.forward(g, gy.data(), kernel.data(), d);
                dx = new Tensor(d, xs);
            }
            if (kernel.requiresGrad()) {
                float[] d = new float[kernel.numel()];
                ConvKernels.backward(g, gy.data(), kernel.data(), x.data(), null, d);
                dk = new Tensor(d, ks);
            }
            return new Tensor[] {dx, dk};
        }, x, kernel);
    }

    /**
     * The output length along one axis (Keras's {@code compute_conv_transpose_output_length}):
     * {@code in * s + max(k - s, 0)} (VALID) or {@code in * s} (SAME) without output padding
     * ({@code outPad < 0}), else {@code (in - 1) * s + k - 2 * pad + outPad}. Layers use it for
     * their output shapes, so that a summary says what the op gives.
     *
     * @throws IllegalArgumentException when the length would exceed 2^31-1, the output padding
     *     is not smaller than the stride, or the convolution whose gradient this is would not map
     *     that length back to {@code in} (TensorFlow rejects such configurations too)
     */
    public static int outputLength(int in, int k, int s, ConvPadding padding, int outPad) {
        long len;
        if (outPad < 0) {
            len = padding == ConvPadding.VALID ? (long) in * s + Math.max(k - s, 0) : (long) in * s;
        } else {
            if (outPad >= s) {
                throw new IllegalArgumentException("conv2dTranspose: output padding " + outPad
                        + " must be smaller than the stride " + s);
            }
            int pad = padding == ConvPadding.SAME ? k / 2 : 0;
            len = (long) (in - 1) * s + k - 2L * pad + outPad;
        }
        int n = Shape.checkedSize("conv2dTranspose output length (input " + in + ", window " + k + ", stride " + s + ")",
                Math.max(len, 0));
        if (n < 1) {
            throw new IllegalArgumentException("conv2dTranspose: output length " + n + " is not positive");
        }
        ConvAxis a = ConvAxis.of("conv2dTranspose", "output", n, k, s, 1, padding);
        if (a.out() != in) {
            // As in TensorFlow: the convolution this is the gradient of must map the output back.
            throw new IllegalArgumentException("conv2dTranspose: output length " + n + " (input " + in
                    + ", window " + k + ", stride " + s + ", output padding " + outPad + ") does not map back to "
                    + in + " under " + padding + " padding");
        }
        return n;
    }

    /** The forward-convolution geometry along one axis whose output length is {@code in}. */
    private static ConvAxis axis(String op, String name, int in, int k, int s, ConvPadding padding, int outPad) {
        int len;
        try {
            len = outputLength(in, k, s, padding, outPad);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + name + " " + e.getMessage().replace("conv2dTranspose: ", ""), e);
        }
        return ConvAxis.of(op, name, len, k, s, 1, padding);
    }
}
