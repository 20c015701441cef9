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
     * The settings of the DCGAN or WGAN-GP run of this budget (change the seed, output, progress or
     * callbacks on them and pass them to {@link GanExperiment#run}); QUICK and STANDARD also score
     * the generator before training and after every epoch.
     *
     * <ul>
     *   <li>QUICK: the half-width GAN (32 discriminator filters, 32 and 64 generator channels), batch
     *       32, 4 epochs of 45 batches (each epoch draws its 1,440 images from the whole shuffled
     *       training set), scored on 1,000 images;
     *   <li>STANDARD: the paper's width (64), batch 64, 4 epochs of 200 batches (51,200 images, 0.85 of
     *       a pass over the training set), scored on 2,000 images;
     *   <li>FULL, the documented acceptance run: DCGAN 3 epochs of all 60,000 images, WGAN-GP 4;
     *       scored on 5,000 images.
     * </ul>
     *
     * WGAN-GP runs with both learning rates at 2e-4, twice the paper's 1e-4: it trains its generator
     * on one batch in five, and gets further in a short budget with the larger step.
     */
    public static GanExperiment.Options options(GanExperiment.Kind kind, Budget budget) {
        GanExperiment.Options o = new GanExperiment.Options().kind(kind);
        switch (budget) {
            case QUICK -> o.size(100, 32).batchSize(32).epochs(4).stepsPerEpoch(45).scoreImages(1000)
                    .scoreEachEpoch(true);
            case STANDARD -> o.epochs(4).stepsPerEpoch(200).scoreImages(2000).scoreEachEpoch(true);
            case FULL -> o.epochs(kind == GanExperiment.Kind.WGAN_GP ? 4 : 3);
        }
        if (kind == GanExperiment.Kind.WGAN_GP) {
            o.learningRate(2e-4);
        }
        return o;
    }
}
