package io.cambium.nn.layers.conv;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.ConvTranspose;
import java.util.List;
import java.util.Map;

/**
 * Transposed 2-D convolution (Keras's Conv2DTranspose), the learnable upsampling of decoders and
 * GAN generators: kernel {@code [kh, kw, filters, channels]}; output size per axis, as Keras:
 * {@code in * s + max(k - s, 0)} with VALID padding and {@code in * s} with SAME, or with
 * {@link #outputPadding} {@code p}: {@code (in - 1) * s + k - 2 * pad + p}, {@code pad} 0 (VALID)
 * or {@code k / 2} (SAME).
 */
public class Conv2DTranspose extends BaseConv<Conv2DTranspose> {
    private int[] outputPadding;

    /** {@code filters} outputs with a {@code kernel x kernel} window. */
    public Conv2DTranspose(int filters, int kernel) {
        this(filters, kernel, kernel);
    }

    /** {@code filters} outputs with a {@code kh x kw} window (strides may differ per axis too: {@code strides(2, 1)}). */
    public Conv2DTranspose(int filters, int kh, int kw) {
        super(filters, new int[] {kh, kw});
    }

    /** Extra rows/columns added to one side of the output (must be smaller than the stride). */
    public Conv2DTranspose outputPadding(int rows, int cols) {
        this.outputPadding = new int[] {rows, cols};
        return this;
    }

    @Override
    protected int[] kernelShape(int inChannels) {
        return new int[] {kernelSize[0], kernelSize[1], filters, inChannels};
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 4);
        if (kernel != null && s[3] != kernel.shape()[3]) {
            throw new IllegalArgumentException(describe() + ": expected input with " + kernel.shape()[3]
                    + " channels, got " + shapeStr(s));
        }
    }

    @Override
    protected Tensor convolve(Tensor x) {
        return x.conv2dTranspose(kernel.value(), strides, padding, outputPadding);
    }

    @Override
    protected int outputLength(int in, int axis) {
        if (in < 0) {
            return -1;
        }
        // The op's own formula: with 'valid' padding a kernel smaller than the stride gives
        // in * s (Keras), not (in - 1) * s + k; output padding changes the formula, not just adds.
        return ConvTranspose.outputLength(in, kernelSize[axis], strides[axis], padding,
                outputPadding == null ? -1 : outputPadding[axis]);
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        int[] in = inputShapes.get(0);
        long pos = (long) Math.max(1, in[1]) * Math.max(1, in[2]);
        return pos * 2L * kernelSize[0] * kernelSize[1] * filters * Math.max(1, in[3]);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        if (outputPadding != null) {
            c.put("output_padding", Configs.list(outputPadding));
        }
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Conv2DTranspose fromConfig(Map<String, Object> c) {
        int[] k = Configs.ints(c, "kernel_size");
        Conv2DTranspose l = new Conv2DTranspose(Configs.integer(c, "filters"), k[0], k.length > 1 ? k[1] : k[0]);
        l.applyConvConfig(c);
        if (c.get("output_padding") != null) {
            int[] p = Configs.ints(c, "output_padding");
            l.outputPadding(p[0], p[1]);
        }
        return l;
    }
}
