package io.cambium.zoo.generative;

import io.cambium.nn.losses.BinaryCrossentropy;
import io.cambium.nn.losses.Loss;
import io.cambium.tensor.Tensor;

/**
 * The adversarial losses, on the discriminator's logits (one per sample, shape {@code [N, 1]}).
 *
 * <p>With {@code D = sigmoid(logit)}: the discriminator minimises
 * {@code -log D(x) - log(1 - D(G(z)))}; the generator's original minimax loss
 * {@code log(1 - D(G(z)))} saturates when the discriminator wins (its gradient vanishes as
 * {@code D(G(z)) -> 0}), so Goodfellow et al. (2014) train it with the non-saturating
 * {@code -log D(G(z))} instead. One-sided label smoothing (Salimans et al. 2016) replaces the real
 * target 1 by {@code 1 - smoothing} and keeps the fake target at 0. The Wasserstein losses of
 * WGAN take the critic's raw scores.
 */
public final class GanLosses {
    private static final Loss BCE = new BinaryCrossentropy(true);

    private GanLosses() {
    }

    /**
     * The discriminator's binary cross-entropy on real and generated samples, summed over the two
     * halves (each a mean over its batch), with one-sided label smoothing of the real target.
     */
    public static Tensor discriminator(Tensor realLogits, Tensor fakeLogits, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("GanLosses: label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        Tensor real = BCE.call(Tensor.full((float) (1 - labelSmoothing), realLogits.shape()), realLogits);
        Tensor fake = BCE.call(Tensor.zeros(fakeLogits.shape()), fakeLogits);
        return real.add(fake);
    }

    /** The non-saturating generator loss {@code -log D(G(z))}, a mean over the batch. */
    public static Tensor nonSaturatingGenerator(Tensor fakeLogits) {
        return BCE.call(Tensor.ones(fakeLogits.shape()), fakeLogits);
    }

    /** The original (saturating) minimax generator loss {@code log(1 - D(G(z)))}, a mean over the batch. */
    public static Tensor minimaxGenerator(Tensor fakeLogits) {
        return BCE.call(Tensor.zeros(fakeLogits.shape()), fakeLogits).neg();
    }

    /** The WGAN critic loss {@code mean(C(G(z))) - mean(C(x))} (the negative Wasserstein estimate). */
    public static Tensor wassersteinCritic(Tensor realScores, Tensor fakeScores) {
        return fakeScores.mean().sub(realScores.mean());
    }

    /** The WGAN generator loss {@code -mean(C(G(z)))}. */
    public static Tensor wassersteinGenerator(Tensor fakeScores) {
        return fakeScores.mean().neg();
    }
}
