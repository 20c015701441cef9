package io.cambium.nn.layers.conv;

import io.cambium.nn.Configs;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.Map;

/**
 * Depthwise 2-D convolution (Keras's DepthwiseConv2D): each input channel is convolved with its
 * own {@code depthMultiplier} filters, kernel {@code [kh, kw, channels, depthMultiplier]}, output
 * channel {@code c * depthMultiplier + j}. The building block of MobileNet-style networks.
 */
public class DepthwiseConv2D extends BaseConv<DepthwiseConv2D> {
    private final int depthMultiplier;
    private int inChannels;

    /** A {@code kernel x kernel} depthwise convolution with one filter per channel. */
    public DepthwiseConv2D(int kernel) {
        this(kernel, 1);
    }

    /** A {@code kernel x kernel} depthwise convolution with {@code depthMultiplier} filters per channel. */
    public DepthwiseConv2D(int kernel, int depthMultiplier) {
        this(kernel, kernel, depthMultiplier);
    }

    /**
     * A {@code kh x kw} depthwise convolution with {@code depthMultiplier} filters per channel
     * (Keras's {@code kernel_size=(kh, kw)}; strides may differ per axis too: {@code strides(1, 2)}).
     */
    public DepthwiseConv2D(int kh, int kw, int depthMultiplier) {
        super(depthMultiplier, new int[] {kh, kw});
        this.depthMultiplier = depthMultiplier;
    }

    @Override
    protected int[] kernelShape(int channels) {
        return new int[] {kernelSize[0], kernelSize[1], channels, depthMultiplier};
    }

    @Override
    public void build(int[] inputShape) {
        inChannels = inputShape[3];
        kernel = addWeight("kernel", kernelShape(inChannels), kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {inChannels * depthMultiplier}, biasInitializer, biasRegularizer,
                    biasConstraint, true);
        }
    }

    @Override
    protected void checkInputs(java.util.List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 4);
        if (kernel != null && s[3] != inChannels) {
            throw new IllegalArgumentException(describe() + ": expected input with " + inChannels + " channels, got "
                    + shapeStr(s));
        }
    }

    @Override
    protected Tensor convolve(Tensor x) {
        Tensor k = kernel.value().reshape(kernelSize[0], kernelSize[1], 1, inChannels * depthMultiplier);
        return x.conv2d(k, strides, padding, dilation, inChannels);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = super.computeOutputShape(inputShape);
        out[3] = inputShape[3] < 0 ? -1 : Shape.checkedSize(describe() + " output channels",
                (long) inputShape[3] * depthMultiplier);
        return out;
    }

    @Override
    public long flops(java.util.List<int[]> inputShapes) {
        int[] out = computeOutputShape(inputShapes.get(0));
        return (long) Math.max(1, out[1]) * Math.max(1, out[2]) * out[3] * (2L * kernelSize[0] * kernelSize[1] + 1);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.remove("filters"); // as in Keras: the output channels follow from the input and depth_multiplier
        c.put("depth_multiplier", depthMultiplier);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static DepthwiseConv2D fromConfig(Map<String, Object> c) {
        int[] k = Configs.ints(c, "kernel_size");
        DepthwiseConv2D l = new DepthwiseConv2D(k[0], k.length > 1 ? k[1] : k[0], Configs.integer(c, "depth_multiplier", 1));
        Configs.integer(c, "filters", 0); // written (as depth_multiplier) by earlier versions; not an option
        l.applyConvConfig(c);
        return l;
    }
}
