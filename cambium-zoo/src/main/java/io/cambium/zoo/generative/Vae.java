package io.cambium.zoo.generative;

import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.Reshape;
import io.cambium.nn.losses.BinaryCrossentropy;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.zoo.training.Player;
import java.util.List;

/**
 * A variational autoencoder for 28x28x1 images in [0, 1] (Kingma and Welling 2014): the encoder
 * maps an image to the mean and log-variance of a diagonal Gaussian over the latent space, the
 * {@link Sampling} layer draws a code with the reparameterization trick, and the decoder maps the
 * code to per-pixel Bernoulli logits. Training minimises the negative ELBO with a weight beta on
 * the KL term (beta-VAE, Higgins et al. 2017; beta = 1 is the plain VAE):
 * {@code reconstruction + beta * KL}, where the reconstruction term is the binary cross-entropy
 * summed over the pixels and KL is {@link GaussianKl}, both averaged over the batch (in nats).
 *
 * <pre>{@code
 * Vae vae = Vae.convolutional(16);
 * new GameLoop(vae.players()).epochs(10).batchSize(128).fit(images, null, vae::step);
 * Tensor samples = vae.samplePrior(64);
 * }</pre>
 */
public final class Vae {
    private static final Loss BCE = new BinaryCrossentropy(true, 0, Loss.Reduction.NONE);
    private static final int SIDE = 28;
    private final Model encoder;
    private final Model decoder;
    private final int latentDim;
    private final Sampling sampling = new Sampling();
    private double beta = 1;
    private Optimizer optimizer = new Adam(1e-3);
    private Player player;

    private Vae(Model encoder, Model decoder, int latentDim) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.latentDim = latentDim;
    }

    /** The terms of one batch, each a mean over the batch: the loss, the reconstruction term and the KL term. */
    public record Terms(Tensor loss, Tensor reconstruction, Tensor kl) {
    }

    /**
     * The evidence lower bound on a data set, per image in nats: {@code elbo = -(reconstruction + kl)}
     * (with beta = 1, whatever the training beta).
     */
    public record Elbo(double elbo, double reconstruction, double kl) {
    }

    /**
     * A fully connected VAE: 784 -> {@code hidden} (ReLU) -> mean and log-variance of
     * {@code latentDim} values; the decoder mirrors it (Keras's VAE example uses 512 and 2).
     */
    public static Vae dense(int hidden, int latentDim) {
        checkSizes(hidden, latentDim);
        SymbolicTensor x = Input.shape(SIDE, SIDE, 1);
        SymbolicTensor h = new Flatten().apply(x);
        h = new Dense(hidden).activation("relu").apply(h);
        Model encoder = new Model(List.of(x), List.of(new Dense(latentDim).name("z_mean").apply(h),
                new Dense(latentDim).name("z_log_var").apply(h)), "encoder");
        SymbolicTensor z = Input.shape(latentDim);
        SymbolicTensor d = new Dense(hidden).activation("relu").apply(z);
        d = new Dense(SIDE * SIDE).apply(d);
        d = new Reshape(SIDE, SIDE, 1).apply(d);
        return new Vae(encoder, new Model(z, d), latentDim);
    }

    /**
     * A convolutional VAE after Keras's example: two stride-2 convolutions (32 and 64 filters,
     * ReLU), a 16-unit dense layer and the two heads; the decoder projects the code to 7x7x64 and
     * upsamples with two stride-2 {@code Conv2DTranspose} layers (64, 32) and a last one to 1 channel.
     */
    public static Vae convolutional(int latentDim) {
        checkSizes(16, latentDim);
        SymbolicTensor x = Input.shape(SIDE, SIDE, 1);
        SymbolicTensor h = new Conv2D(32, 3).strides(2).padding("same").activation("relu").apply(x);
        h = new Conv2D(64, 3).strides(2).padding("same").activation("relu").apply(h);
        h = new Flatten().apply(h);
        h = new Dense(16).activation("relu").apply(h);
        Model encoder = new Model(List.of(x), List.of(new Dense(latentDim).name("z_mean").apply(h),
                new Dense(latentDim).name("z_log_var").apply(h)), "conv_encoder");
        SymbolicTensor z = Input.shape(latentDim);
        SymbolicTensor d = new Dense(7 * 7 * 64).activation("relu").apply(z);
        d = new Reshape(7, 7, 64).apply(d);
        d = new Conv2DTranspose(64, 3).strides(2).padding("same").activation("relu").apply(d);
        d = new Conv2DTranspose(32, 3).strides(2).padding("same").activation("relu").apply(d);
        d = new Conv2DTranspose(1, 3).padding("same").apply(d);
        return new Vae(encoder, new Model(z, d), latentDim);
    }

    private static void checkSizes(int hidden, int latentDim) {
        if (hidden < 1 || latentDim < 1) {
            throw new IllegalArgumentException("Vae: hidden size " + hidden + " and latent size " + latentDim
                    + " must be positive");
        }
    }

    /** The weight of the KL term (default 1; above 1 a beta-VAE). */
    public Vae beta(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("Vae: beta must not be negative, got " + value);
        }
        beta = value;
        return this;
    }

    /** The training beta. */
    public double beta() {
        return beta;
    }

    /** Replaces the optimizer (default Adam(1e-3)). */
    public Vae optimizer(Optimizer value) {
        optimizer = value;
        player = null;
        return this;
    }

    /** Images to the mean and log-variance {@code [batch, latent]}. */
    public Model encoder() {
        return encoder;
    }

    /** Codes to per-pixel logits {@code [batch, 28, 28, 1]}. */
    public Model decoder() {
        return decoder;
    }

    /** The number of latent values. */
    public int latentDim() {
        return latentDim;
    }

    /** The one player (named {@code vae}) that trains encoder and decoder together. */
    public List<Player> players() {
        if (player == null) {
            player = new Player("vae", List.of(encoder, decoder), optimizer);
        }
        return List.of(player);
    }

    /**
     * The loss terms of a batch of images {@code [batch, 28, 28, 1]} in [0, 1]: encode, sample with
     * the reparameterization trick, decode, and weigh the KL term by beta.
     */
    public Terms terms(Tensor images, boolean training) {
        checkImages(images);
        List<Tensor> stats = encoder.applyAll(List.of(images), training);
        Tensor mean = stats.get(0);
        Tensor logVar = stats.get(1);
        Tensor z = sampling.applyAll(List.of(mean, logVar), training).get(0);
        Tensor logits = decoder.apply(z, training);
        int n = images.dim(0);
        int pixels = images.numel() / n;
        Tensor reconstruction = BCE.call(images.reshape(n, pixels), logits.reshape(n, pixels)).mul(pixels).mean();
        Tensor kl = GaussianKl.perSample(mean, logVar).mean();
        Tensor loss = beta == 1 ? reconstruction.add(kl) : reconstruction.add(kl.mul((float) beta));
        return new Terms(loss, reconstruction, kl);
    }

    /** One optimizer step on a batch (for {@link io.cambium.zoo.training.GameLoop}); records the two terms. */
    public void step(Tensor images, Tensor labels, long step) {
        players();
        Terms t = terms(images, true);
        player.step(t.loss());
        player.record("reconstruction", t.reconstruction().item());
        player.record("kl", t.kl().item());
    }

    /** The ELBO per image over {@code images}, in batches, with codes sampled as in training. */
    public Elbo evaluate(Tensor images, int batchSize) {
        checkImages(images);
        int n = images.dim(0);
        double rec = 0;
        double kl = 0;
        try (NoGrad ignored = NoGrad.scope()) {
            for (int from = 0; from < n; from += batchSize) {
                int m = Math.min(batchSize, n - from);
                Terms t = terms(images.narrow(0, from, m), false);
                rec += t.reconstruction().item() * m;
                kl += t.kl().item() * m;
            }
        }
        return new Elbo(-(rec + kl) / n, rec / n, kl / n);
    }

    /** The means of the codes of {@code images}. */
    public Tensor encodeMean(Tensor images) {
        checkImages(images);
        try (NoGrad ignored = NoGrad.scope()) {
            return encoder.applyAll(List.of(images), false).get(0);
        }
    }

    /** The decoder's pixel probabilities (images in [0, 1]) for codes {@code [batch, latent]}. */
    public Tensor decode(Tensor codes) {
        if (codes.rank() != 2 || codes.dim(1) != latentDim) {
            throw new IllegalArgumentException("Vae: codes must be [batch, " + latentDim + "], got "
                    + Shape.str(codes.shape()));
        }
        try (NoGrad ignored = NoGrad.scope()) {
            return decoder.apply(codes, false).sigmoid();
        }
    }

    /** The reconstructions of {@code images}: the decoded means of their codes. */
    public Tensor reconstruct(Tensor images) {
        return decode(encodeMean(images));
    }

    /** {@code n} new images decoded from codes drawn from the prior N(0, I). */
    public Tensor samplePrior(int n) {
        return decode(Tensor.randn(n, latentDim));
    }

    /**
     * The images decoded along the straight line between the codes (means) of two images:
     * {@code steps} points from {@code a}'s code to {@code b}'s, ends included.
     */
    public Tensor interpolate(Tensor a, Tensor b, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("Vae: an interpolation needs at least 2 steps, got " + steps);
        }
        float[] za = encodeMean(a.reshape(1, SIDE, SIDE, 1)).data();
        float[] zb = encodeMean(b.reshape(1, SIDE, SIDE, 1)).data();
        float[] path = new float[steps * latentDim];
        for (int s = 0; s < steps; s++) {
            float t = s / (float) (steps - 1);
            for (int j = 0; j < latentDim; j++) {
                path[s * latentDim + j] = (1 - t) * za[j] + t * zb[j];
            }
        }
        return decode(new Tensor(path, steps, latentDim));
    }

    private static void checkImages(Tensor images) {
        int[] s = images.shape();
        if (s.length != 4 || s[1] != SIDE || s[2] != SIDE || s[3] != 1) {
            throw new IllegalArgumentException("Vae: expected images [batch, 28, 28, 1], got " + Shape.str(s));
        }
    }
}
