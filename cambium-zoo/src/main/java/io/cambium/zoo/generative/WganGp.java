package io.cambium.zoo.generative;

import io.cambium.Cambium;
import io.cambium.nn.Model;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.zoo.training.Player;

/**
 * WGAN with gradient penalty (Gulrajani et al. 2017, Algorithm 1): every batch trains the critic
 * on {@code mean(C(G(z))) - mean(C(x)) + lambda * GP} ({@link GradientPenalty}, lambda = 10), and
 * every {@code nCritic}-th batch (5) also trains the generator on {@code -mean(C(G(z)))}; both
 * with Adam(1e-4, beta1 = 0, beta2 = 0.9) as in the paper. The critic has no batch normalization
 * and outputs an unbounded score. Images are in [-1, 1].
 *
 * <pre>{@code
 * WganGp gan = WganGp.create(100, 64, 0);
 * new GameLoop(gan.players()).epochs(3).batchSize(64).fit(Gans.toTanhRange(images), null, gan::step);
 * }</pre>
 */
public final class WganGp extends AdversarialGan<WganGp> {
    private float penaltyWeight = GradientPenalty.DEFAULT_WEIGHT;
    private int nCritic = 5;

    private WganGp(int latentDim, int filters, int classes) {
        super("c", latentDim, classes, GanArchitectures.generator(latentDim, filters, classes),
                GanArchitectures.discriminator(filters, classes, false), paperAdam(1e-4), paperAdam(1e-4));
    }

    /** The paper's optimizer: Adam with beta1 = 0 and beta2 = 0.9 at learning rate {@code lr}. */
    public static Adam paperAdam(double lr) {
        return new Adam(lr).betas(0.0, 0.9);
    }

    /**
     * A WGAN-GP with the {@link GanArchitectures} generator and critic (the discriminator without
     * batch normalization); {@code classes} > 0 makes both conditional. Both optimizers default to
     * {@link #paperAdam paperAdam(1e-4)}.
     */
    public static WganGp create(int latentDim, int filters, int classes) {
        checkSizes("WganGp", latentDim, filters, classes);
        return new WganGp(latentDim, filters, classes);
    }

    /** Critic updates per generator update (default 5). */
    public WganGp nCritic(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("WganGp: nCritic must be at least 1, got " + n);
        }
        nCritic = n;
        return this;
    }

    /** The gradient penalty's weight lambda (default 10). */
    public WganGp penaltyWeight(float lambda) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("WganGp: the penalty weight must not be negative, got " + lambda);
        }
        penaltyWeight = lambda;
        return this;
    }

    /** The critic (one score per sample). */
    public Model critic() {
        return opponent();
    }

    /**
     * The critic step on this batch and, every {@code nCritic}-th batch, a generator step. Records
     * {@code c_loss}, {@code c_gp} (the penalty), {@code c_wdist} (the critic's estimate of the
     * Wasserstein distance, {@code mean(C(x)) - mean(C(G(z)))}) and {@code g_loss}.
     */
    @Override
    public void step(Tensor real, Tensor labels, long step) {
        Player c = opponentPlayer();
        Model critic = opponent();
        int n = real.dim(0);
        Tensor fake;
        try (NoGrad ignored = NoGrad.scope()) {
            fake = Gans.run(generator(), latent(n), labels, true);
        }
        Tensor realScores = Gans.run(critic, real, labels, true);
        Tensor fakeScores = Gans.run(critic, fake, labels, true);
        Tensor alpha = GradientPenalty.interpolationWeights(Cambium.rng(), real);
        Tensor gp = GradientPenalty.compute(x -> Gans.run(critic, x, labels, true), real, fake, alpha, penaltyWeight);
        c.step(GanLosses.wassersteinCritic(realScores, fakeScores).add(gp));
        try (NoGrad ignored = NoGrad.scope()) {
            c.record("gp", gp.item());
            c.record("wdist", realScores.mean().item() - fakeScores.mean().item());
        }
        if ((step + 1) % nCritic == 0) {
            Tensor scores = Gans.run(critic, Gans.run(generator(), latent(n), labels, true), labels, true);
            generatorPlayer().step(GanLosses.wassersteinGenerator(scores));
        }
    }

    @Override
    public String toString() {
        return "WganGp(latent " + latentDim() + (classes() > 0 ? ", " + classes() + " classes" : "") + ", lambda "
                + penaltyWeight + ", nCritic " + nCritic + ")";
    }
}
