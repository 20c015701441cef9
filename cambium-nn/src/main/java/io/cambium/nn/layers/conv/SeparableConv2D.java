package io.cambium.nn.layers.conv;

import io.cambium.nn.Configs;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.ConvPadding;
import java.util.List;
import java.util.Map;

/**
 * Depthwise-separable 2-D convolution (Keras's SeparableConv2D): a depthwise convolution
 * (kernel {@code [kh, kw, channels, depthMultiplier]}) followed by a 1x1 pointwise convolution
 * (kernel {@code [1, 1, channels * depthMultiplier, filters]}) and the bias. Far fewer parameters
 * and FLOPs than a full convolution of the same receptive field.
 */
public class SeparableConv2D extends BaseConv<SeparableConv2D> {
    private int depthMultiplier = 1;
    private int inChannels;
    private Variable pointwise;

    /** {@code filters} outputs from {@code kernel x kernel} depthwise filters. */
    public SeparableConv2D(int filters, int kernel) {
        this(filters, kernel, kernel);
    }

    /** {@code filters} outputs after a {@code kh x kw} depthwise window. */
    public SeparableConv2D(int filters, int kh, int kw) {
        super(filters, new int[] {kh, kw});
    }

    /** Depthwise filters per input channel (default 1). */
    public SeparableConv2D depthMultiplier(int m) {
        if (m <= 0) {
            throw new IllegalArgumentException(describe() + ": depth multiplier must be positive, got " + m);
        }
        this.depthMultiplier = m;
        return this;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 4);
        if (kernel != null && s[3] != inChannels) {
            throw new IllegalArgumentException(describe() + ": expected input with " + inChannels + " channels, got "
                    + shapeStr(s));
        }
    }

    @Override
    public void build(int[] inputShape) {
        inChannels = inputShape[3];
        kernel = addWeight("depthwise_kernel", new int[] {kernelSize[0], kernelSize[1], inChannels, depthMultiplier},
                kernelInitializer, kernelRegularizer, kernelConstraint, true);
        pointwise = addWeight("pointwise_kernel", new int[] {1, 1, inChannels * depthMultiplier, filters},
                kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, biasRegularizer, biasConstraint, true);
        }
    }

    @Override
    protected Tensor convolve(Tensor x) {
        Tensor dk = kernel.value().reshape(kernelSize[0], kernelSize[1], 1, inChannels * depthMultiplier);
        Tensor depth = x.conv2d(dk, strides, padding, dilation, inChannels);
        return depth.conv2d(pointwise.value(), new int[] {1, 1}, ConvPadding.VALID, new int[] {1, 1}, 1);
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        int[] out = computeOutputShape(inputShapes.get(0));
        long pos = (long) Math.max(1, out[1]) * Math.max(1, out[2]);
        long mid = (long) inChannels * depthMultiplier;
        return pos * (mid * 2L * kernelSize[0] * kernelSize[1] + 2L * mid * filters + (useBias ? filters : 0));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("depth_multiplier", depthMultiplier);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static SeparableConv2D fromConfig(Map<String, Object> c) {
        int[] k = Configs.ints(c, "kernel_size");
        SeparableConv2D l = new SeparableConv2D(Configs.integer(c, "filters"), k[0], k.length > 1 ? k[1] : k[0])
                .depthMultiplier(Configs.integer(c, "depth_multiplier", 1));
        l.applyConvConfig(c);
        return l;
    }
}
