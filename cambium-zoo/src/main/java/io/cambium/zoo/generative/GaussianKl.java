package io.cambium.zoo.generative;

import io.cambium.tensor.Tensor;

/**
 * The Kullback-Leibler divergence of a diagonal Gaussian {@code N(mean, exp(logVar))} from the
 * standard normal prior, in closed form: {@code 0.5 * sum(exp(logVar) + mean^2 - 1 - logVar)}
 * over the latent axis, one value per sample (in nats).
 */
public final class GaussianKl {
    private GaussianKl() {
    }

    /** The divergence per sample: {@code [batch]} for {@code mean, logVar [batch, latent]}. */
    public static Tensor perSample(Tensor mean, Tensor logVar) {
        return logVar.exp().add(mean.square()).sub(1f).sub(logVar).sum(-1, false).mul(0.5f);
    }
}
