package io.cambium.zoo.vision;

import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.conv.DepthwiseConv2D;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.reshaping.ZeroPadding2D;
import java.util.Locale;

/**
 * MobileNetV2 (Sandler, Howard, Zhu, Zhmoginov and Chen, "MobileNetV2: Inverted Residuals and
 * Linear Bottlenecks", CVPR 2018), as {@code keras.applications.MobileNetV2} builds it, with its
 * layer names ({@code Conv1}, {@code block_1_expand}, {@code block_1_depthwise},
 * {@code block_1_project}, {@code block_1_add}, ..., {@code Conv_1}, {@code out_relu}).
 *
 * <p>An inverted residual block expands the channels {@code t} times with a 1x1 convolution
 * (ReLU6), filters each channel with a 3x3 depthwise convolution (ReLU6), and projects back with a
 * linear 1x1 convolution; a shortcut adds the input when the shape is kept. The table of the
 * paper (expansion t, channels c, repeats n, stride s of the first repeat):
 * (1,16,1,1), (6,24,2,2), (6,32,3,2), (6,64,4,2), (6,96,3,1), (6,160,3,2), (6,320,1,1), after a
 * 3x3 convolution with 32 filters and stride 2, and before a 1x1 convolution to 1280 channels.
 * The width multiplier {@link #alpha} scales every layer's channels (rounded to multiples of 8).
 * At 224x224x3 with alpha 1 and 1,000 classes the model has Keras's 3,538,984 parameters.
 *
 * <p>{@link #small()} is the variant for 28x28 images: the first convolution and the first
 * stride-2 block keep the resolution (as CIFAR adaptations do), so the stages run at 28, 14, 7 and 4,
 * and its BatchNorm momentum is 0.99 (Keras's default) instead of 0.999.
 */
public final class MobileNetV2 extends ImageClassifier<MobileNetV2> {
    /** The paper's table: expansion, output channels, repeats, stride of the first repeat. */
    private static final int[][] BLOCKS = {
        {1, 16, 1, 1},
        {6, 24, 2, 2},
        {6, 32, 3, 2},
        {6, 64, 4, 2},
        {6, 96, 3, 1},
        {6, 160, 3, 2},
        {6, 320, 1, 1},
    };

    private double alpha = 1.0;
    private boolean smallImages;

    /** MobileNetV2 for 224x224x3 images and 1,000 classes, width multiplier 1. */
    public MobileNetV2() {
        super(new int[] {224, 224, 3}, 1000);
    }

    /** The variant for 28x28x1 images and 10 classes (Fashion-MNIST): stride 1 in the stem and in block 1. */
    public static MobileNetV2 small() {
        MobileNetV2 m = new MobileNetV2();
        m.smallImages = true;
        return m.inputShape(28, 28, 1).classes(10);
    }

    /** The width multiplier (Keras's {@code alpha}, default 1.0; the paper uses 0.35 to 1.4). */
    public MobileNetV2 alpha(double a) {
        if (!(a > 0)) {
            throw new IllegalArgumentException("MobileNetV2: alpha must be > 0, got " + a);
        }
        alpha = a;
        return this;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public String architecture() {
        return String.format(Locale.ROOT, "MobileNetV2 (alpha %s, %s)", trim(alpha),
                smallImages ? "small-image strides" : "ImageNet strides");
    }

    private static String trim(double a) {
        return a == Math.rint(a) ? String.format(Locale.ROOT, "%.1f", a) : Double.toString(a);
    }

    @Override
    protected String defaultName() {
        return String.format(Locale.ROOT, "mobilenetv2_%.2f_%d", alpha, inputShape()[0]);
    }

    /**
     * Keras's {@code _make_divisible}: the nearest multiple of {@code divisor} at or above
     * {@code divisor}, rounded up once more when rounding lost more than 10%.
     */
    static int makeDivisible(double v, int divisor) {
        int nv = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (nv < 0.9 * v) {
            nv += divisor;
        }
        return nv;
    }

    @Override
    protected SymbolicTensor body(SymbolicTensor input) {
        int first = makeDivisible(32 * alpha, 8);
        SymbolicTensor x = new Conv2D(first, 3).strides(smallImages ? 1 : 2).padding("same").useBias(false)
                .name("Conv1").apply(input);
        x = bn("bn_Conv1").apply(x);
        x = relu6("Conv1_relu").apply(x);
        int id = 0;
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            int t = BLOCKS[stage][0];
            int c = BLOCKS[stage][1];
            int n = BLOCKS[stage][2];
            int s = BLOCKS[stage][3];
            if (smallImages && stage == 1) {
                s = 1;   // keep 28x28 through the 24-channel stage, as for CIFAR
            }
            for (int i = 0; i < n; i++) {
                x = invertedResidual(x, t, i == 0 ? s : 1, c, id++);
            }
        }
        int last = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
        x = new Conv2D(last, 1).useBias(false).name("Conv_1").apply(x);
        x = bn("Conv_1_bn").apply(x);
        return relu6("out_relu").apply(x);
    }

    /** Expand (1x1, ReLU6), depthwise 3x3 (ReLU6), project (1x1, linear), add the input when the shape is kept. */
    private SymbolicTensor invertedResidual(SymbolicTensor inputs, int expansion, int stride, int filters, int blockId) {
        int inChannels = inputs.shape()[3];
        int pointwise = makeDivisible((int) (filters * alpha), 8);
        SymbolicTensor x = inputs;
        String prefix = "block_" + blockId + "_";
        if (blockId > 0) {
            x = new Conv2D(expansion * inChannels, 1).padding("same").useBias(false).name(prefix + "expand").apply(x);
            x = bn(prefix + "expand_BN").apply(x);
            x = relu6(prefix + "expand_relu").apply(x);
        } else {
            prefix = "expanded_conv_";
        }
        if (stride == 2) {
            // Keras's correct_pad: one pixel more at the end than at the start on an even size.
            int[] s = x.shape();
            int adjustH = 1 - s[1] % 2;
            int adjustW = 1 - s[2] % 2;
            x = new ZeroPadding2D(1 - adjustH, 1, 1 - adjustW, 1).name(prefix + "pad").apply(x);
        }
        x = new DepthwiseConv2D(3).strides(stride).padding(stride == 1 ? "same" : "valid").useBias(false)
                .name(prefix + "depthwise").apply(x);
        x = bn(prefix + "depthwise_BN").apply(x);
        x = relu6(prefix + "depthwise_relu").apply(x);
        x = new Conv2D(pointwise, 1).padding("same").useBias(false).name(prefix + "project").apply(x);
        x = bn(prefix + "project_BN").apply(x);
        if (inChannels == pointwise && stride == 1) {
            return new Add().name(prefix + "add").apply(inputs, x);
        }
        return x;
    }

    private BatchNormalization bn(String name) {
        // Keras's 0.999 suits ImageNet's long runs; the small variant's few thousand steps need
        // Keras's default 0.99, or the moving statistics would still hold their initial values.
        return new BatchNormalization().epsilon(1e-3).momentum(smallImages ? 0.99 : 0.999).name(name);
    }

    private static Activation relu6(String name) {
        return new Activation("relu6").name(name);
    }
}
