package io.cambium.nn.layers.conv;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import java.util.Map;

/**
 * 2-D convolution (Keras's Conv2D): input {@code (batch, height, width, channels)}, kernel
 * {@code [kh, kw, channels / groups, filters]}, output {@code (batch, h', w', filters)}.
 */
public class Conv2D extends BaseConv<Conv2D> {
    /** {@code filters} filters of size {@code kernel x kernel}. */
    public Conv2D(int filters, int kernel) {
        super(filters, new int[] {kernel, kernel});
    }

    /** {@code filters} filters of size {@code kh x kw}. */
    public Conv2D(int filters, int kh, int kw) {
        super(filters, new int[] {kh, kw});
    }

    @Override
    protected Tensor convolve(Tensor x) {
        return x.conv2d(kernel.value(), strides, padding, dilation, groups);
    }

    @Override
    protected Tensor convolve(Tensor x, Tensor bias, boolean relu) {
        return x.conv2d(kernel.value(), bias, relu, strides, padding, dilation, groups);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Conv2D fromConfig(Map<String, Object> c) {
        int[] k = Configs.ints(c, "kernel_size");
        Conv2D l = new Conv2D(Configs.integer(c, "filters"), k[0], k[1]);
        l.applyConvConfig(c);
        return l;
    }
}
