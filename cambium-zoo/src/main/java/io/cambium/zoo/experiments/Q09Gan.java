package io.cambium.zoo.experiments;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.zoo.metrics.FashionFeatures;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Seed question 9 (GAN): a generator and a discriminator trained adversarially in a custom loop
 * ({@link io.cambium.zoo.training.GameLoop}, two optimizers, alternating steps), with samples as
 * an image grid after every epoch and the quality measured by a Fréchet distance in the feature
 * space of a Fashion-MNIST classifier. A DCGAN on Fashion-MNIST.
 */
public final class Q09Gan {
    private Q09Gan() {
    }

    /** The DCGAN run of this budget, writing its PNGs to {@code outDir}. */
    public static GanExperiment.Result run(Budget budget, Path outDir, PrintStream out) {
        return run(budget, outDir, out, FashionMnist.load(), FashionFeatures.shipped());
    }

    /** The same on given data and feature network. */
    public static GanExperiment.Result run(Budget budget, Path outDir, PrintStream out, FashionMnist.Data data,
                                           FashionFeatures features) {
        return GanExperiment.run(options(GanExperiment.Kind.DCGAN, budget).outDir(outDir).out(out), data, features);
    }

    /**
     * The settings of a GAN run of this budget (change the seed, output, progress or callbacks on
     * them and pass them to {@link GanExperiment#run}). FULL is the documented acceptance run: DCGAN 3
     * epochs; WGAN-GP 4 epochs with both learning rates at 2e-4 (twice the paper's 1e-4, to get
     * further in the budget's 750 generator steps). QUICK is 150 steps on 9,600 images.
     */
    public static GanExperiment.Options options(GanExperiment.Kind kind, Budget budget) {
        GanExperiment.Options o = new GanExperiment.Options().kind(kind);
        if (budget == Budget.QUICK) {
            o.epochs(1).trainImages(9600).stepsPerEpoch(150).scoreImages(1000);
        } else if (kind == GanExperiment.Kind.WGAN_GP) {
            o.epochs(4).learningRate(2e-4);
        } else {
            o.epochs(3);
        }
        return o;
    }
}
