package io.cambium.zoo.generative;

import io.cambium.Cambium;
import io.cambium.nn.Model;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.zoo.training.Player;
import java.util.List;

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
public final class WganGp implements GanRecipe {
    private final int latentDim;
    private final int classes;
    private final Model generator;
    private final Model critic;
    private Optimizer generatorOptimizer = paperAdam(1e-4);
    private Optimizer criticOptimizer = paperAdam(1e-4);
    private float penaltyWeight = GradientPenalty.DEFAULT_WEIGHT;
    private int nCritic = 5;
    private Player c;
    private Player g;

    private WganGp(int latentDim, int classes, Model generator, Model critic) {
        this.latentDim = latentDim;
        this.classes = classes;
        this.generator = generator;
        this.critic = critic;
    }

    /** The paper's optimizer: Adam with beta1 = 0 and beta2 = 0.9 at learning rate {@code lr}. */
    public static Adam paperAdam(double lr) {
        return new Adam(lr).betas(0.0, 0.9);
    }

    /**
     * A WGAN-GP with the {@link GanArchitectures} generator and critic (the discriminator without
     * batch normalization); {@code classes} > 0 makes both conditional.
     */
    public static WganGp create(int latentDim, int filters, int classes) {
        if (latentDim < 1 || filters < 1 || classes < 0) {
            throw new IllegalArgumentException("WganGp: latent size " + latentDim + " and filters " + filters
                    + " must be positive and classes " + classes + " not negative");
        }
        return new WganGp(latentDim, classes, GanArchitectures.generator(latentDim, filters, classes),
                GanArchitectures.discriminator(filters, classes, false));
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

    /** Replaces the two optimizers (defaults: {@link #paperAdam paperAdam(1e-4)} each). */
    public WganGp optimizers(Optimizer criticOpt, Optimizer generatorOpt) {
        criticOptimizer = criticOpt;
        generatorOptimizer = generatorOpt;
        c = null;
        g = null;
        return this;
    }

    @Override
    public Model generator() {
        return generator;
    }

    /** The critic (one score per sample). */
    public Model critic() {
        return critic;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public List<Player> players() {
        if (c == null) {
            c = new Player("c", critic, criticOptimizer);
            g = new Player("g", generator, generatorOptimizer);
        }
        return List.of(c, g);
    }

    /**
     * The critic step on this batch and, every {@code nCritic}-th batch, a generator step. Records
     * {@code c_loss}, {@code c_gp} (the penalty), {@code c_wdist} (the critic's estimate of the
     * Wasserstein distance, {@code mean(C(x)) - mean(C(G(z)))}) and {@code g_loss}.
     */
    @Override
    public void step(Tensor real, Tensor labels, long step) {
        players();
        int n = real.dim(0);
        Tensor fake;
        try (NoGrad ignored = NoGrad.scope()) {
            fake = Gans.run(generator, latent(n), labels, true);
        }
        Tensor realScores = Gans.run(critic, real, labels, true);
        Tensor fakeScores = Gans.run(critic, fake, labels, true);
        Tensor alpha = GradientPenalty.interpolationWeights(Cambium.rng(), real);
        Tensor gp = GradientPenalty.compute(x -> Gans.run(critic, x, labels, true), real, fake, alpha, penaltyWeight);
        c.step(GanLosses.wassersteinCritic(realScores, fakeScores).add(gp));
        c.record("gp", gp.item());
        c.record("wdist", realScores.mean().item() - fakeScores.mean().item());
        if ((step + 1) % nCritic == 0) {
            Tensor scores = Gans.run(critic, Gans.run(generator, latent(n), labels, true), labels, true);
            g.step(GanLosses.wassersteinGenerator(scores));
        }
    }

    @Override
    public Tensor latent(int n) {
        return Tensor.randn(n, latentDim);
    }

    @Override
    public String toString() {
        return "WganGp(latent " + latentDim + (classes > 0 ? ", " + classes + " classes" : "") + ", lambda "
                + penaltyWeight + ", nCritic " + nCritic + ")";
    }
}
