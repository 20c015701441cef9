package io.cambium.zoo.generative;

import io.cambium.nn.Model;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Tensor;
import io.cambium.zoo.training.Player;
import java.util.List;

/**
 * What the GAN recipes share: a generator against an opponent (a discriminator or a critic), each
 * with its own optimizer and {@link Player}, and the latent prior N(0, I).
 *
 * @param <T> the concrete recipe, which the fluent setters return
 */
public abstract class AdversarialGan<T extends AdversarialGan<T>> implements GanRecipe {
    private final String opponentName;
    private final int latentDim;
    private final int classes;
    private final Model generator;
    private final Model opponent;
    private Optimizer opponentOptimizer;
    private Optimizer generatorOptimizer;
    private Player opponentPlayer;
    private Player generatorPlayer;

    /**
     * @param opponentName the opponent player's metric prefix ({@code d}, {@code c})
     * @param opponentOptimizer the opponent's default optimizer
     * @param generatorOptimizer the generator's default optimizer
     */
    protected AdversarialGan(String opponentName, int latentDim, int classes, Model generator, Model opponent,
                             Optimizer opponentOptimizer, Optimizer generatorOptimizer) {
        this.opponentName = opponentName;
        this.latentDim = latentDim;
        this.classes = classes;
        this.generator = generator;
        this.opponent = opponent;
        this.opponentOptimizer = opponentOptimizer;
        this.generatorOptimizer = generatorOptimizer;
    }

    /** Checks the sizes of a recipe's factory method. */
    static void checkSizes(String recipe, int latentDim, int filters, int classes) {
        if (latentDim < 1 || filters < 1 || classes < 0) {
            throw new IllegalArgumentException(recipe + ": latent size " + latentDim + " and filters " + filters
                    + " must be positive and classes " + classes + " not negative");
        }
    }

    /** Replaces the two optimizers (before training: the players are made with them). */
    @SuppressWarnings("unchecked")
    public T optimizers(Optimizer opponentOpt, Optimizer generatorOpt) {
        opponentOptimizer = opponentOpt;
        generatorOptimizer = generatorOpt;
        opponentPlayer = null;
        generatorPlayer = null;
        return (T) this;
    }

    @Override
    public Model generator() {
        return generator;
    }

    /** The discriminator or critic (one logit or score per sample). */
    protected Model opponent() {
        return opponent;
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
        if (opponentPlayer == null) {
            opponentPlayer = new Player(opponentName, opponent, opponentOptimizer);
            generatorPlayer = new Player("g", generator, generatorOptimizer);
        }
        return List.of(opponentPlayer, generatorPlayer);
    }

    /** The opponent's player. */
    protected Player opponentPlayer() {
        return players().get(0);
    }

    /** The generator's player. */
    protected Player generatorPlayer() {
        return players().get(1);
    }

    @Override
    public Tensor latent(int n) {
        return Tensor.randn(n, latentDim);
    }
}
