package io.cambium.zoo.vision;

import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import java.util.Arrays;
import java.util.Locale;

/**
 * VGG networks (Simonyan and Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
 * Recognition", ICLR 2015): blocks of 3x3 convolutions with ReLU, each closed by 2x2 max pooling,
 * then a classifier of fully connected layers. Built as {@code keras.applications.VGG16} builds it,
 * with its names ({@code block1_conv1}, ..., {@code block5_pool}, {@code flatten}, {@code fc1},
 * {@code fc2}, {@code predictions}); {@code vgg16()} at 224x224x3 with 1,000 classes has Keras's
 * 138,357,544 parameters.
 *
 * <p>{@link #small()} is a VGG-style network for 28x28 images: blocks of 32, 64 and 128 filters
 * (two convolutions each) with BatchNormalization after every convolution, and one hidden layer of
 * 256 units with dropout 0.5.
 */
public final class Vgg extends ImageClassifier<Vgg> {
    private final String label;
    private final int[][] blocks;
    private int[] fc;
    private boolean batchNorm;
    private double dropout;

    private Vgg(String label, int[][] blocks, int[] fc, int[] inputShape, int classes) {
        super(inputShape, classes);
        this.label = label;
        this.blocks = blocks;
        this.fc = fc;
    }

    /** VGG-11 (configuration A): 1-1-2-2-2 convolutions of 64-128-256-512-512 filters. */
    public static Vgg vgg11() {
        return imagenet("VGG-11", 1, 1, 2, 2, 2);
    }

    /** VGG-13 (configuration B): 2-2-2-2-2 convolutions. */
    public static Vgg vgg13() {
        return imagenet("VGG-13", 2, 2, 2, 2, 2);
    }

    /** VGG-16 (configuration D, Keras's VGG16): 2-2-3-3-3 convolutions. */
    public static Vgg vgg16() {
        return imagenet("VGG-16", 2, 2, 3, 3, 3);
    }

    /** VGG-19 (configuration E, Keras's VGG19): 2-2-4-4-4 convolutions. */
    public static Vgg vgg19() {
        return imagenet("VGG-19", 2, 2, 4, 4, 4);
    }

    private static Vgg imagenet(String label, int... convs) {
        int[] filters = {64, 128, 256, 512, 512};
        int[][] blocks = new int[convs.length][];
        for (int i = 0; i < convs.length; i++) {
            blocks[i] = new int[convs[i]];
            Arrays.fill(blocks[i], filters[i]);
        }
        return new Vgg(label, blocks, new int[] {4096, 4096}, new int[] {224, 224, 3}, 1000);
    }

    /** A VGG-style network for 28x28x1 images and 10 classes (see the class comment). */
    public static Vgg small() {
        Vgg v = new Vgg("VGG-small", new int[][] {{32, 32}, {64, 64}, {128, 128}}, new int[] {256},
                new int[] {28, 28, 1}, 10);
        v.batchNorm = true;
        v.dropout = 0.5;
        return v;
    }

    /** BatchNormalization after every convolution, before its ReLU (default false, as the paper). */
    public Vgg batchNorm(boolean on) {
        batchNorm = on;
        return this;
    }

    /** Dropout after each hidden fully connected layer (the paper: 0.5; default 0, as Keras). */
    public Vgg dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(label + ": dropout must be in [0, 1), got " + rate);
        }
        dropout = rate;
        return this;
    }

    /** The units of the hidden fully connected layers of the top (default 4096, 4096). */
    public Vgg fullyConnected(int... units) {
        fc = units.clone();
        return this;
    }

    @Override
    public String architecture() {
        StringBuilder b = new StringBuilder(label).append(" (");
        for (int i = 0; i < blocks.length; i++) {
            b.append(i == 0 ? "" : ", ").append(blocks[i].length).append('x').append(blocks[i][0]);
        }
        return b.append(batchNorm ? ", batch norm" : "").append(')').toString();
    }

    @Override
    protected String defaultName() {
        return label.toLowerCase(Locale.ROOT).replace("-", "");
    }

    @Override
    protected SymbolicTensor body(SymbolicTensor input) {
        SymbolicTensor x = input;
        for (int b = 0; b < blocks.length; b++) {
            String block = "block" + (b + 1);
            for (int c = 0; c < blocks[b].length; c++) {
                String name = block + "_conv" + (c + 1);
                if (batchNorm) {
                    x = new Conv2D(blocks[b][c], 3).padding("same").useBias(false).name(name).apply(x);
                    x = new BatchNormalization().name(name + "_bn").apply(x);
                    x = new Activation("relu").name(name + "_relu").apply(x);
                } else {
                    x = new Conv2D(blocks[b][c], 3).padding("same").activation("relu").name(name).apply(x);
                }
            }
            x = new MaxPooling2D(2).strides(2).name(block + "_pool").apply(x);
        }
        return x;
    }

    /** Flatten, the hidden fully connected layers with ReLU, and the classifier (Keras's VGG top). */
    @Override
    protected SymbolicTensor top(SymbolicTensor features) {
        SymbolicTensor x = new Flatten().name("flatten").apply(features);
        for (int i = 0; i < fc.length; i++) {
            x = new Dense(fc[i]).activation("relu").name("fc" + (i + 1)).apply(x);
            if (dropout > 0) {
                x = new Dropout(dropout).name("fc" + (i + 1) + "_dropout").apply(x);
            }
        }
        return new Dense(classes()).activation(classifierActivation()).name("predictions").apply(x);
    }
}
