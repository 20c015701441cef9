package io.cambium.zoo.generative;

import io.cambium.nn.Model;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.zoo.training.Player;

/**
 * A DCGAN (Radford et al. 2016) for 28x28x1 images, unconditional or conditioned on a class, with
 * its adversarial training step: one discriminator update on a real and a generated batch (binary
 * cross-entropy, one-sided label smoothing of the real target), then one generator update with
 * the non-saturating loss through the updated discriminator, both with Adam(2e-4, beta1 = 0.5)
 * as in the paper. Images are in [-1, 1] (see {@link Gans#toTanhRange}).
 *
 * <pre>{@code
 * Dcgan gan = Dcgan.create(100, 64, 0);
 * History h = new GameLoop(gan.players()).epochs(5).batchSize(64).fit(Gans.toTanhRange(images), null, gan::step);
 * Tensor samples = Gans.generate(gan, gan.latent(64), null);
 * }</pre>
 */
public final class Dcgan extends AdversarialGan<Dcgan> {
    private double labelSmoothing = 0.1;

    private Dcgan(int latentDim, int filters, int classes) {
        super("d", latentDim, classes, GanArchitectures.generator(latentDim, filters, classes),
                GanArchitectures.discriminator(filters, classes, true), new Adam(2e-4).betas(0.5, 0.999),
                new Adam(2e-4).betas(0.5, 0.999));
    }

    /**
     * A DCGAN with the {@link GanArchitectures} networks: {@code latentDim} latent values (the paper
     * uses 100), {@code filters} channels in the first discriminator layer (64), and
     * {@code classes} > 0 for the conditional variant (one-hot labels), 0 for none. Both
     * optimizers default to Adam(2e-4, beta1 0.5).
     */
    public static Dcgan create(int latentDim, int filters, int classes) {
        checkSizes("Dcgan", latentDim, filters, classes);
        return new Dcgan(latentDim, filters, classes);
    }

    /** One-sided label smoothing: the real target is {@code 1 - value} (default 0.1; 0 for none). */
    public Dcgan labelSmoothing(double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("Dcgan: label smoothing must be in [0, 1), got " + value);
        }
        labelSmoothing = value;
        return this;
    }

    /** The discriminator (one logit per sample). */
    public Model discriminator() {
        return opponent();
    }

    /**
     * One adversarial step on a batch of real images in [-1, 1] (and their one-hot labels when
     * conditional): the discriminator, then the generator on the same generated batch. Records
     * {@code d_loss}, {@code g_loss}, {@code d_real} and {@code d_fake} (the mean probabilities that
     * the discriminator gives real and generated images).
     */
    @Override
    public void step(Tensor real, Tensor labels, long step) {
        Player d = opponentPlayer();
        Model discriminator = opponent();
        Tensor fakeLabels = classes() > 0 ? labels : null;
        Tensor fake = Gans.run(generator(), latent(real.dim(0)), fakeLabels, true);
        Tensor realLogits = Gans.run(discriminator, real, labels, true);
        Tensor fakeLogits = Gans.run(discriminator, fake.detach(), fakeLabels, true);
        d.step(GanLosses.discriminator(realLogits, fakeLogits, labelSmoothing));
        try (NoGrad ignored = NoGrad.scope()) {
            d.record("real", realLogits.sigmoid().mean().item());
            d.record("fake", fakeLogits.sigmoid().mean().item());
        }
        generatorPlayer().step(GanLosses.nonSaturatingGenerator(Gans.run(discriminator, fake, fakeLabels, true)));
    }

    @Override
    public String toString() {
        return "Dcgan(latent " + latentDim() + (classes() > 0 ? ", " + classes() + " classes" : "")
                + ", label smoothing " + labelSmoothing + ")";
    }
}
