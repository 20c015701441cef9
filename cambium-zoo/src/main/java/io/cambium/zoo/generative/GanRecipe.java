package io.cambium.zoo.generative;

import io.cambium.nn.Model;
import io.cambium.tensor.Tensor;
import io.cambium.zoo.training.Player;
import java.util.List;

/**
 * A GAN and its training step, to run in a {@link io.cambium.zoo.training.GameLoop}:
 * {@code new GameLoop(gan.players()).epochs(5).fit(images, labels, gan::step)}.
 */
public interface GanRecipe {
    /** The generator: latent vectors (and one-hot labels when conditional) to images in [-1, 1]. */
    Model generator();

    /** The number of latent values. */
    int latentDim();

    /** The number of classes of a conditional GAN, 0 when unconditional. */
    int classes();

    /** The players (discriminator or critic first, generator second), made once. */
    List<Player> players();

    /**
     * One training step on a batch of real images in [-1, 1] with their one-hot labels (null when
     * unconditional); {@code step} counts the batches seen before.
     */
    void step(Tensor real, Tensor labels, long step);

    /** {@code n} latent vectors from the prior N(0, I), drawn from the global seeded generator. */
    Tensor latent(int n);
}
