package io.cambium.zoo.generative;

import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.LeakyReLU;
import io.cambium.nn.layers.core.Reshape;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.layers.normalization.BatchNormalization;
import java.util.ArrayList;
import java.util.List;

/**
 * The DCGAN-style networks for 28x28x1 images (Fashion-MNIST, MNIST), after Radford et al. (2016):
 * the generator projects the latent vector to a 7x7 feature map and doubles the resolution twice
 * with stride-2 {@code Conv2DTranspose} layers, each followed by batch normalization and ReLU, and
 * ends in tanh (images in [-1, 1]); the discriminator halves the resolution twice with stride-2
 * convolutions and LeakyReLU(0.2) (no pooling), batch normalization after the second, and ends in
 * one logit. Weights start from N(0, 0.02), as in the paper. The WGAN-GP critic is the
 * discriminator without batch normalization (the gradient penalty is per sample, which batch
 * statistics would break).
 *
 * <p>The conditional variants (Mirza and Osindero 2014) take a one-hot class vector as a second
 * input: the generator concatenates it to the latent vector, the discriminator projects it to a
 * 28x28 plane that it stacks on the image as a second channel.
 */
public final class GanArchitectures {
    /** Image side. */
    public static final int SIDE = 28;

    private GanArchitectures() {
    }

    private static Initializer init() {
        return Initializers.randomNormal(0, 0.02);
    }

    /**
     * The generator: {@code latentDim} (plus {@code classes} one-hot values when conditional, else
     * 0) to [28, 28, 1] in [-1, 1]; {@code filters} channels at 14x14, twice as many at 7x7.
     */
    public static Model generator(int latentDim, int filters, int classes) {
        SymbolicTensor z = Input.shape(latentDim);
        List<SymbolicTensor> inputs = new ArrayList<>(List.of(z));
        SymbolicTensor h = z;
        if (classes > 0) {
            SymbolicTensor label = Input.shape(classes);
            inputs.add(label);
            h = new Concatenate().apply(z, label);
        }
        int seven = SIDE / 4;
        h = new Dense(seven * seven * 2 * filters).useBias(false).kernelInitializer(init()).apply(h);
        h = batchNorm().apply(h);
        h = new Activation("relu").apply(h);
        h = new Reshape(seven, seven, 2 * filters).apply(h);
        h = upsample(filters).apply(h);
        h = batchNorm().apply(h);
        h = new Activation("relu").apply(h);
        Layer last = new Conv2DTranspose(1, 4).strides(2).padding("same").kernelInitializer(init());
        h = last.apply(h);
        h = new Activation("tanh").apply(h);
        return new Model(inputs, List.of(h), classes > 0 ? "conditional_generator" : "generator");
    }

    /**
     * The discriminator (or, without batch normalization, the WGAN critic): [28, 28, 1] (plus a
     * one-hot class when {@code classes > 0}) to one logit (score) per sample.
     */
    public static Model discriminator(int filters, int classes, boolean batchNorm) {
        SymbolicTensor image = Input.shape(SIDE, SIDE, 1);
        List<SymbolicTensor> inputs = new ArrayList<>(List.of(image));
        SymbolicTensor h = image;
        if (classes > 0) {
            SymbolicTensor label = Input.shape(classes);
            inputs.add(label);
            SymbolicTensor plane = new Dense(SIDE * SIDE).kernelInitializer(init()).apply(label);
            plane = new Reshape(SIDE, SIDE, 1).apply(plane);
            h = new Concatenate().apply(image, plane);
        }
        h = downsample(filters).apply(h);
        h = new LeakyReLU(0.2f).apply(h);
        h = downsample(2 * filters).apply(h);
        if (batchNorm) {
            h = batchNorm().apply(h);
        }
        h = new LeakyReLU(0.2f).apply(h);
        h = new Flatten().apply(h);
        h = new Dense(1).kernelInitializer(init()).apply(h);
        String name = (classes > 0 ? "conditional_" : "") + (batchNorm ? "discriminator" : "critic");
        return new Model(inputs, List.of(h), name);
    }

    private static Layer upsample(int filters) {
        return new Conv2DTranspose(filters, 4).strides(2).padding("same").useBias(false).kernelInitializer(init());
    }

    private static Layer downsample(int filters) {
        return new Conv2D(filters, 4).strides(2).padding("same").kernelInitializer(init());
    }

    /** Batch normalization with momentum 0.9 (PyTorch's 0.1): the moving statistics follow a fast-changing generator. */
    private static BatchNormalization batchNorm() {
        return new BatchNormalization().momentum(0.9);
    }
}
