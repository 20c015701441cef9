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

    /** One run per beta of this budget (FULL: 10 epochs on all images; QUICK: 1 epoch on 4,000). */
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

    /** The settings of this budget's run with KL weight {@code beta} (PNG names {@code q36-conv-vae-beta<beta>}). */
    public static VaeExperiment.Options options(Budget budget, double beta) {
        VaeExperiment.Options o = new VaeExperiment.Options().convolutional(true).latentDim(16).beta(beta)
                .outDir(Path.of("vae-out"), "q36-conv-vae-beta" + (beta == Math.rint(beta)
                        ? String.valueOf((long) beta) : String.valueOf(beta)));
        if (budget == Budget.QUICK) {
            o.epochs(1).trainImages(4000);
        } else {
            o.epochs(10);
        }
        return o;
    }
}
