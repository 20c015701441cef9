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
 */
public final class Q35Vae {
    private Q35Vae() {
    }

    /** The run of this budget (FULL: 20 epochs on all images; QUICK: 2 epochs on 6,000). */
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
     * pass them to {@link VaeExperiment#run}).
     */
    public static VaeExperiment.Options options(Budget budget) {
        VaeExperiment.Options o = new VaeExperiment.Options().convolutional(false).hidden(512).latentDim(2)
                .outDir(Path.of("vae-out"), "q35-vae");
        if (budget == Budget.QUICK) {
            o.epochs(2).trainImages(6000);
        } else {
            o.epochs(20);
        }
        return o;
    }
}
