package io.cambium.nn.layers.conv;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import java.util.Map;

/**
 * 1-D convolution (Keras's Conv1D): input {@code (batch, steps, channels)}, kernel
 * {@code [k, channels / groups, filters]}; {@code padding("causal")} with dilation gives the causal,
 * dilated convolutions of temporal convolutional networks.
 */
public class Conv1D extends BaseConv<Conv1D> implements io.cambium.nn.TemporalReceptiveField {
    /** {@code filters} filters of width {@code kernel}. */
    public Conv1D(int filters, int kernel) {
        super(filters, new int[] {kernel});
    }

    @Override
    protected Tensor convolve(Tensor x) {
        return x.conv1d(kernel.value(), strides[0], padding, dilation[0], groups);
    }

    @Override
    protected Tensor convolve(Tensor x, Tensor bias, boolean relu) {
        return x.conv1d(kernel.value(), bias, relu, strides[0], padding, dilation[0], groups);
    }

    /** The receptive field of this layer alone, in steps: (k - 1) * dilation + 1. */
    @Override
    public int receptiveField() {
        return (kernelSize[0] - 1) * dilation[0] + 1;
    }

    @Override
    public int timeStride() {
        return strides[0];
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Conv1D fromConfig(Map<String, Object> c) {
        Conv1D l = new Conv1D(Configs.integer(c, "filters"), Configs.ints(c, "kernel_size")[0]);
        l.applyConvConfig(c);
        return l;
    }
}
