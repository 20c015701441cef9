package io.cambium.zoo.experiments;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.zoo.metrics.FashionFeatures;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Seed question 35 (VAE): an encoder to the mean and log-variance of a Gaussian code, the
 * reparameterization trick ({@link io.cambium.zoo.generative.Sampling}), a decoder, and the loss
 * reconstruction + KL; new images by sampling the latent space. A fully connected VAE with a 2-D
 * latent space (Keras's example), so that the decoded latent plane can be drawn: the test-set ELBO
 * per epoch, reconstructions, interpolations, prior samples and the manifold as PNGs.
 * {@link #withoutKl} is the same network trained without the KL term, for comparison.
 */
public final class Q35Vae {
    private Q35Vae() {
    }

    /** The run of this budget (see {@link #options}). */
    public static VaeExperiment.Result run(Budget budget, Path outDir, PrintStream out) {
        return run(budget, outDir, out, FashionMnist.load(), FashionFeatures.shipped());
    }

    /** The same on given data and feature network (may be null: no Fréchet distance). */
    public static VaeExperiment.Result run(Budget budget, Path outDir, PrintStream out, FashionMnist.Data data,
                                           FashionFeatures features) {
        return VaeExperiment.run(options(budget).outDir(outDir, "q35-vae").out(out), data, features);
    }

    /**
     * The settings of this budget's run (change the seed, output, progress or callbacks on them and
     * pass them to {@link VaeExperiment#run}): QUICK 3 epochs on the first 10,000 training images,
     * the ELBO on the first 2,000 test images, prior samples scored on 1,000; STANDARD 10 epochs on
     * all 60,000, the whole test set, scored on 2,000; FULL 20 epochs, scored on 5,000.
     */
    public static VaeExperiment.Options options(Budget budget) {
        return options(budget, 1, "q35-vae");
    }

    /**
     * The same network and budget trained without the KL term (beta = 0): an autoencoder whose codes
     * still pass through the sampling layer, but that nothing pulls towards the prior; the
     * comparison shows what the KL term does for sampling (PNG names {@code q35-no-kl}).
     */
    public static VaeExperiment.Options withoutKl(Budget budget) {
        return options(budget, 0, "q35-no-kl");
    }

    private static VaeExperiment.Options options(Budget budget, double beta, String name) {
        VaeExperiment.Options o = new VaeExperiment.Options().convolutional(false).hidden(512).latentDim(2).beta(beta)
                .outDir(Path.of("vae-out"), name);
        switch (budget) {
            case QUICK -> o.epochs(3).trainImages(10000).testImages(2000).scoreImages(1000);
            case STANDARD -> o.epochs(10).scoreImages(2000);
            case FULL -> o.epochs(20);
        }
        return o;
    }
}
