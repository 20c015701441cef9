package io.cambium.zoo.vision;

import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.layers.reshaping.ZeroPadding2D;
import java.util.Arrays;

/**
 * Residual networks (He, Zhang, Ren and Sun, "Deep Residual Learning for Image Recognition",
 * CVPR 2016), built as {@code keras.applications.ResNet50} builds them and with its layer names
 * ({@code conv1_conv}, {@code conv2_block1_1_conv}, ..., {@code conv5_block3_out}, {@code avg_pool},
 * {@code predictions}).
 *
 * <ul>
 *   <li>{@link #resnet18()}, {@link #resnet34()}: basic blocks (two 3x3 convolutions), the
 *       ImageNet stem (7x7/2 convolution, 3x3/2 max pooling), 64-128-256-512 filters;</li>
 *   <li>{@link #resnet50()}, {@link #resnet101()}, {@link #resnet152()}: bottleneck blocks
 *       (1x1 reduce, 3x3, 1x1 expand to 4x the filters), as Keras: the stride of a stage's first
 *       block is on its first 1x1 convolution, convolutions keep their bias, BatchNorm epsilon
 *       1.001e-5 ({@code resnet50()} at 224x224x3 with 1,000 classes has Keras's 25,636,712 parameters);</li>
 *   <li>{@link #small(int)}: the paper's network for small images (section 4.2, CIFAR-10): a
 *       3x3 convolution, three stages of {@code n} basic blocks with 16, 32 and 64 filters at full,
 *       half and quarter resolution, global average pooling and the classifier: {@code 6n+2}
 *       layers (ResNet-20 for n = 3). {@link #width(int)} widens it. For 28x28 inputs
 *       (Fashion-MNIST) the stages run at 28x28, 14x14 and 7x7.</li>
 * </ul>
 * Shortcuts are identities inside a stage and 1x1 projections (the paper's option B) where the
 * shape changes; {@link #shortcuts} gives the paper's plain baseline (the same layers without
 * shortcuts) or projections everywhere (option C), {@link #batchNorm} removes the normalization.
 * Weights start from He's normal initialization, as in the paper.
 */
public final class ResNet extends ImageClassifier<ResNet> {
    /** The residual block of a network. */
    public enum Block {
        /** Two 3x3 convolutions (ResNet-18/34 and the small networks). */
        BASIC,
        /** 1x1, 3x3, 1x1 with four times the filters at the end (ResNet-50 and deeper). */
        BOTTLENECK
    }

    /** The shortcut connections (the paper's options, section 3.3 and table 3). */
    public enum Shortcut {
        /** No shortcuts: the paper's "plain" network with the same layers, the baseline of residual learning. */
        NONE,
        /** Identity shortcuts, 1x1 projections where the shape changes (option B, the default). */
        PROJECTION_WHEN_NEEDED,
        /** 1x1 projections on every shortcut (option C). */
        PROJECTION_ALWAYS
    }

    private static final double BN_EPSILON = 1.001e-5;

    private final String label;
    private final Block block;
    private final int[] blocks;
    private int[] filters;
    private final boolean smallImages;
    private Shortcut shortcut = Shortcut.PROJECTION_WHEN_NEEDED;
    private boolean batchNorm = true;

    private ResNet(String label, Block block, int[] blocks, int[] filters, boolean smallImages, int[] inputShape,
                   int classes) {
        super(inputShape, classes);
        this.label = label;
        this.block = block;
        this.blocks = blocks;
        this.filters = filters;
        this.smallImages = smallImages;
    }

    /** ResNet-18: basic blocks 2-2-2-2, input 224x224x3, 1,000 classes by default. */
    public static ResNet resnet18() {
        return imagenet("ResNet-18", Block.BASIC, 2, 2, 2, 2);
    }

    /** ResNet-34: basic blocks 3-4-6-3. */
    public static ResNet resnet34() {
        return imagenet("ResNet-34", Block.BASIC, 3, 4, 6, 3);
    }

    /** ResNet-50: bottleneck blocks 3-4-6-3 (Keras's ResNet50). */
    public static ResNet resnet50() {
        return imagenet("ResNet-50", Block.BOTTLENECK, 3, 4, 6, 3);
    }

    /** ResNet-101: bottleneck blocks 3-4-23-3. */
    public static ResNet resnet101() {
        return imagenet("ResNet-101", Block.BOTTLENECK, 3, 4, 23, 3);
    }

    /** ResNet-152: bottleneck blocks 3-8-36-3. */
    public static ResNet resnet152() {
        return imagenet("ResNet-152", Block.BOTTLENECK, 3, 8, 36, 3);
    }

    private static ResNet imagenet(String label, Block block, int... blocks) {
        return new ResNet(label, block, blocks, new int[] {64, 128, 256, 512}, false, new int[] {224, 224, 3}, 1000);
    }

    /**
     * The paper's network for small images with {@code depth = 6n + 2} layers (8, 14, 20, 32, 44,
     * 56, 110): input 28x28x1 and 10 classes by default (Fashion-MNIST), 16-32-64 filters.
     */
    public static ResNet small(int depth) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("ResNet.small: depth must be 6n+2 with n >= 1 (8, 14, 20, 32, ...), got "
                    + depth);
        }
        int n = (depth - 2) / 6;
        return new ResNet("ResNet-" + depth, Block.BASIC, new int[] {n, n, n}, new int[] {16, 32, 64}, true,
                new int[] {28, 28, 1}, 10);
    }

    /**
     * The filters of the first stage (default 64, or 16 for {@link #small}); each later stage
     * doubles them. {@code small(20).width(32)} is twice as wide as the paper's ResNet-20.
     */
    public ResNet width(int firstStageFilters) {
        if (firstStageFilters < 1) {
            throw new IllegalArgumentException(label + ": width must be >= 1, got " + firstStageFilters);
        }
        int[] f = new int[filters.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = firstStageFilters << i;
        }
        this.filters = f;
        return this;
    }

    /** The shortcut connections (default: identities, projections where the shape changes). */
    public ResNet shortcuts(Shortcut s) {
        this.shortcut = s;
        return this;
    }

    /**
     * Whether every convolution is followed by BatchNormalization (default true, as the paper);
     * without it the network is the same but trains without normalization.
     */
    public ResNet batchNorm(boolean on) {
        this.batchNorm = on;
        return this;
    }

    /** The block type. */
    public Block block() {
        return block;
    }

    /** The number of blocks of each stage. */
    public int[] blocksPerStage() {
        return blocks.clone();
    }

    /** The filters of each stage (a bottleneck block outputs four times as many). */
    public int[] filtersPerStage() {
        return filters.clone();
    }

    @Override
    public String architecture() {
        return label + " (" + (block == Block.BASIC ? "basic" : "bottleneck") + " blocks " + join(blocks)
                + ", filters " + join(filters) + (smallImages ? ", small-image stem" : ", ImageNet stem")
                + (shortcut == Shortcut.NONE ? ", no shortcuts" : shortcut == Shortcut.PROJECTION_ALWAYS
                        ? ", projection shortcuts" : "")
                + (batchNorm ? "" : ", no batch norm") + ")";
    }

    private static String join(int[] a) {
        return String.join("-", Arrays.stream(a).mapToObj(Integer::toString).toArray(String[]::new));
    }

    @Override
    protected String defaultName() {
        return (shortcut == Shortcut.NONE ? "plain" : "") + label.toLowerCase(java.util.Locale.ROOT).replace("-", "");
    }

    @Override
    protected SymbolicTensor body(SymbolicTensor input) {
        SymbolicTensor x = smallImages ? smallStem(input) : imagenetStem(input);
        for (int stage = 0; stage < blocks.length; stage++) {
            // conv2 keeps the resolution (after the stem's pooling); conv3 and later halve it.
            x = stack(x, filters[stage], blocks[stage], stage == 0 ? 1 : 2, "conv" + (stage + 2));
        }
        return x;
    }

    /** 7x7 convolution with stride 2, then 3x3 max pooling with stride 2 (224 -> 56). */
    private SymbolicTensor imagenetStem(SymbolicTensor input) {
        SymbolicTensor x = new ZeroPadding2D(3).name("conv1_pad").apply(input);
        x = conv(64, 7, 2, "conv1_conv").padding("valid").apply(x);
        x = bn(x, "conv1_bn");
        x = relu("conv1_relu").apply(x);
        x = new ZeroPadding2D(1).name("pool1_pad").apply(x);
        return new MaxPooling2D(3).strides(2).name("pool1_pool").apply(x);
    }

    /** One 3x3 convolution at full resolution (section 4.2). */
    private SymbolicTensor smallStem(SymbolicTensor input) {
        SymbolicTensor x = conv(filters[0], 3, 1, "conv1_conv").apply(input);
        x = bn(x, "conv1_bn");
        return relu("conv1_relu").apply(x);
    }

    /** A stage: the first block may change the resolution and the width, the others keep both. */
    private SymbolicTensor stack(SymbolicTensor x, int f, int count, int stride, String name) {
        for (int i = 1; i <= count; i++) {
            String blockName = name + "_block" + i;
            x = block == Block.BASIC
                    ? basicBlock(x, f, i == 1 ? stride : 1, blockName)
                    : bottleneckBlock(x, f, i == 1 ? stride : 1, i == 1, blockName);
        }
        return x;
    }

    /** Two 3x3 convolutions; a 1x1 projection shortcut where the shape changes. */
    private SymbolicTensor basicBlock(SymbolicTensor x, int f, int stride, String name) {
        boolean changes = stride != 1 || x.shape()[3] != f;
        SymbolicTensor y = conv(f, 3, stride, name + "_1_conv").apply(x);
        y = bn(y, name + "_1_bn");
        y = relu(name + "_1_relu").apply(y);
        y = conv(f, 3, 1, name + "_2_conv").apply(y);
        y = bn(y, name + "_2_bn");
        return residual(x, y, f, stride, changes, name);
    }

    /** Adds the shortcut (identity or projection) to the block's output, then ReLU; plain networks skip the sum. */
    private SymbolicTensor residual(SymbolicTensor x, SymbolicTensor y, int outChannels, int stride, boolean changes,
                                    String name) {
        if (shortcut == Shortcut.NONE) {
            return relu(name + "_out").apply(y);
        }
        SymbolicTensor s = x;
        if (changes || shortcut == Shortcut.PROJECTION_ALWAYS) {
            s = conv(outChannels, 1, stride, name + "_0_conv").apply(x);
            s = bn(s, name + "_0_bn");
        }
        SymbolicTensor sum = new Add().name(name + "_add").apply(s, y);
        return relu(name + "_out").apply(sum);
    }

    /** Keras's block1: 1x1 (with the stride), 3x3, 1x1 to 4f; a projection in a stage's first block. */
    private SymbolicTensor bottleneckBlock(SymbolicTensor x, int f, int stride, boolean projection, String name) {
        SymbolicTensor y = conv(f, 1, stride, name + "_1_conv").apply(x);
        y = bn(y, name + "_1_bn");
        y = relu(name + "_1_relu").apply(y);
        y = conv(f, 3, 1, name + "_2_conv").apply(y);
        y = bn(y, name + "_2_bn");
        y = relu(name + "_2_relu").apply(y);
        y = conv(4 * f, 1, 1, name + "_3_conv").apply(y);
        y = bn(y, name + "_3_bn");
        return residual(x, y, 4 * f, stride, projection, name);
    }

    private static Conv2D conv(int filters, int kernel, int stride, String name) {
        return new Conv2D(filters, kernel).strides(stride).padding("same").kernelInitializer(Initializers.heNormal())
                .name(name);
    }

    private SymbolicTensor bn(SymbolicTensor x, String name) {
        return batchNorm ? new BatchNormalization().epsilon(BN_EPSILON).name(name).apply(x) : x;
    }

    private static Activation relu(String name) {
        return new Activation("relu").name(name);
    }
}
