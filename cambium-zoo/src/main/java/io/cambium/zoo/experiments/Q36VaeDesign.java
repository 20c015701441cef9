package io.cambium.zoo.experiments;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.zoo.metrics.FashionFeatures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Seed question 36 (VAE design): a convolutional encoder (stride-2 convolutions) and decoder
 * (stride-2 {@code Conv2DTranspose}), a 16-value latent space, and the weight of the KL term: the
 * same convolutional VAE trained with beta = 1 (the ELBO) and beta = 4 (a beta-VAE, which trades
 * reconstruction for a code closer to the prior). Reported per beta: the test-set ELBO and its two
 * terms per epoch, and the Fréchet distance of prior samples to real images.
 */
public final class Q36VaeDesign {
    /** The betas compared. */
    public static final double[] BETAS = {1, 4};

    private Q36VaeDesign() {
    }

    /** One run per beta of this budget (see {@link #options}). */
    public static List<VaeExperiment.Result> run(Budget budget, Path outDir, PrintStream out) {
        return run(budget, outDir, out, FashionMnist.load(), FashionFeatures.shipped());
    }

    /** The same on given data and feature network (may be null: no Fréchet distance). */
    public static List<VaeExperiment.Result> run(Budget budget, Path outDir, PrintStream out, FashionMnist.Data data,
                                                 FashionFeatures features) {
        return run(budget, data, features, o -> o.outDir(outDir, o.runName()).out(out));
    }

    /**
     * The same with {@code adjust} applied to each run's {@link #options budget options} (seed,
     * output, progress, callbacks).
     */
    public static List<VaeExperiment.Result> run(Budget budget, FashionMnist.Data data, FashionFeatures features,
                                                 UnaryOperator<VaeExperiment.Options> adjust) {
        List<VaeExperiment.Result> results = new ArrayList<>();
        for (double beta : BETAS) {
            results.add(VaeExperiment.run(adjust.apply(options(budget, beta)), data, features));
        }
        return results;
    }

    /**
     * The settings of this budget's run with KL weight {@code beta} (PNG names
     * {@code q36-conv-vae-beta<beta>}), in batches of 128: QUICK 3 epochs of 7 batches drawn from the
     * first 6,000 training images, the ELBO on the first 1,000 test images, prior samples scored on
     * 1,000; STANDARD 4 epochs of 120 batches drawn from all 60,000 (61,440 images), the first 5,000
     * test images, scored on 2,000; FULL 10 epochs of all 60,000, the whole test set, scored on 5,000.
     */
    public static VaeExperiment.Options options(Budget budget, double beta) {
        VaeExperiment.Options o = new VaeExperiment.Options().convolutional(true).latentDim(16).beta(beta)
                .outDir(Path.of("vae-out"), "q36-conv-vae-beta" + (beta == Math.rint(beta)
                        ? String.valueOf((long) beta) : String.valueOf(beta)));
        switch (budget) {
            case QUICK -> o.epochs(3).stepsPerEpoch(7).trainImages(6000).testImages(1000).scoreImages(1000);
            case STANDARD -> o.epochs(4).stepsPerEpoch(120).testImages(5000).scoreImages(2000);
            case FULL -> o.epochs(10);
        }
        return o;
    }
}
