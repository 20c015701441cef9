package io.cambium.lab.experiments;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.GenerativeRuns;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.plot.LineChart;
import io.cambium.zoo.experiments.GanExperiment;
import io.cambium.zoo.experiments.Q09Gan;
import io.cambium.zoo.metrics.FashionFeatures;
import java.nio.file.Path;
import java.util.List;

/**
 * Question 9: what a GAN is and how it comes to generate realistic images. A DCGAN trained on
 * Fashion-MNIST in cambium-zoo's adversarial loop ({@link GanExperiment}: one discriminator step,
 * then one generator step, per batch), with the discriminator's view of real and generated images
 * per epoch, sample grids, and the Fréchet distance of its samples to held-out real images in the
 * feature space of Cambium's Fashion-MNIST classifier, next to the same distance for noise and for
 * other real images.
 */
public final class Q09GenerativeAdversarialNetwork implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(9);
    }

    @Override
    public String title() {
        return "GAN: a DCGAN learns Fashion-MNIST, measured by the Fréchet distance of its samples to real images";
    }

    @Override
    public String summary() {
        return "The textbook answer: a GAN is a generator and a discriminator trained against each other; the "
                + "discriminator learns to tell generated data from real data, the generator learns from the "
                + "discriminator's feedback to make data it cannot tell apart, and through this adversarial training "
                + "the generated images become realistic. The experiment trains a DCGAN on Fashion-MNIST, scores its "
                + "samples before training and after every epoch with a Fréchet distance in the features of Cambium's "
                + "own Fashion-MNIST classifier (not Inception's FID), and compares it with uniform noise and with real "
                + "images the GAN never saw.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        FashionMnist.Data data = LabData.fashionMnist();
        Path dir = GenerativeRuns.scratch(id());
        try {
            GanExperiment.Options o = Q09Gan.options(GanExperiment.Kind.DCGAN, GenerativeRuns.budget(mode)).seed(seed)
                    .outDir(dir).out(null);
            progress.total(o.totalEpochs());
            o.callbacks(progress.epochs("DCGAN"));
            GanExperiment.Result r = GanExperiment.run(o, data, FashionFeatures.shipped());
            return page(mode, o, r, data);
        } finally {
            GenerativeRuns.delete(dir);
        }
    }

    private static Result page(Mode mode, GanExperiment.Options o, GanExperiment.Result r, FashionMnist.Data data) {
        int scored = Math.min(o.scoreImages(), data.xTest().dim(0) / 2);
        long perEpoch = r.steps() / r.epochs();
        Table scores = new Table("Fréchet distance to " + scored + " real test images (Cambium's Fashion-MNIST "
                + "classifier features)").text("images").num("Fréchet distance", 2).num("/ other real images", 1);
        List<Double> byEpoch = r.frechetByEpoch();
        scores.row("uniform noise", r.frechetNoise(), r.frechetNoise() / r.frechetReal());
        scores.row("the generator before training", byEpoch.get(0), byEpoch.get(0) / r.frechetReal());
        scores.row("the generator after " + r.steps() + " batches", r.frechetGenerated(),
                r.frechetGenerated() / r.frechetReal());
        scores.row("other real test images", r.frechetReal(), 1.0);

        double[] dReal = Series.of(r.history().get("d_real"));
        double[] dFake = Series.of(r.history().get("d_fake"));
        double[] dLoss = Series.of(r.history().get("d_loss"));
        double[] gLoss = Series.of(r.history().get("g_loss"));
        Table epochs = new Table("Per epoch (" + perEpoch + " batches of " + o.batchSize() + "): means over the "
                + "epoch's batches, and the Fréchet distance at its end")
                .num("epoch", 0).num("batches", 0).num("D loss", 3).num("G loss", 3).num("D(x) real", 3)
                .num("D(G(z)) generated", 3).num("Fréchet distance", 2);
        epochs.row(0, 0, null, null, null, null, byEpoch.get(0));
        for (int e = 0; e < dReal.length; e++) {
            epochs.row(e + 1, (e + 1) * perEpoch, dLoss[e], gLoss[e], dReal[e], dFake[e], byEpoch.get(e + 1));
        }

        double[] steps = new double[byEpoch.size()];
        for (int e = 0; e < steps.length; e++) {
            steps[e] = e * perEpoch;
        }
        LineChart quality = new LineChart("Fréchet distance of generated images to real ones").xLabel("batches")
                .yLabel("Fréchet distance (log)").logY(true)
                .series("DCGAN samples", steps, Series.of(byEpoch))
                .dashed("uniform noise", new double[] {0, r.steps()}, new double[] {r.frechetNoise(), r.frechetNoise()})
                .dashed("other real images", new double[] {0, r.steps()}, new double[] {r.frechetReal(), r.frechetReal()});
        LineChart game = new LineChart("The discriminator's mean probability of 'real'").xLabel("epoch")
                .yLabel("mean D output").integerX(true).series("D(x), real images", dReal)
                .series("D(G(z)), generated images", dFake);

        Result.Builder out = Result.builder()
                .setup(setup(mode, o, r, data, scored))
                .table(scores).table(epochs)
                .plot("samples", "64 samples after training (the same latent vectors as in the epoch grids).",
                        GenerativeRuns.png(r.samples()))
                .plot("quality", "Fréchet distance per epoch, against uniform noise and held-out real images.", quality.png())
                .plot("discriminator", "What the discriminator says about real and generated images, per epoch.", game.png());
        for (int e = 0; e < r.epochGrids().size(); e++) {
            out.plot("epoch-" + (e + 1), "The same 64 latent vectors after epoch " + (e + 1) + ".",
                    GenerativeRuns.png(r.epochGrids().get(e)));
        }
        out.plot("curves", "Both players' losses and D outputs per epoch (cambium-zoo's learning curves).",
                GenerativeRuns.png(r.curves()));

        int fd = scores.columnIndex("Fréchet distance");
        int rel = scores.columnIndex("/ other real images");
        out.check("The generator learns from the discriminator's feedback: adversarial training brings its images "
                        + "towards the real ones", r.frechetGenerated() < byEpoch.get(0),
                "The Fréchet distance of the generated images falls from " + scores.text(1, fd) + " before training to "
                        + scores.text(2, fd) + " after " + r.steps() + " batches.");
        out.check("After training, the generated images are much closer to real images than noise is (less than "
                        + "half its distance)", r.frechetGenerated() < 0.5 * r.frechetNoise(),
                "Generated images score " + scores.text(2, fd) + " against " + scores.text(0, fd) + " for uniform noise.");
        out.check("A trained GAN generates realistic images: as close to the real distribution as other real images "
                        + "(within 5 times their distance)", r.frechetGenerated() < 5 * r.frechetReal(),
                "The samples are " + scores.text(2, rel) + " times as far from the real test images as other real "
                        + "images are (" + scores.text(2, fd) + " against " + scores.text(3, fd) + ").");
        int last = epochs.rowCount() - 1;
        int x = epochs.columnIndex("D(x) real");
        int gz = epochs.columnIndex("D(G(z)) generated");
        out.check("In the adversarial game the discriminator ends up unable to tell generated from real images "
                        + "(D(x) and D(G(z)) within 0.2 of each other)",
                Math.abs(epochs.value(last, x) - epochs.value(last, gz)) < 0.2,
                "In the last epoch the discriminator gives real images " + epochs.text(last, x)
                        + " and generated ones " + epochs.text(last, gz) + " on average (label smoothing makes 0.9 its "
                        + "target for real images).");
        out.note("The issue's longer run of the same DCGAN is cambium-zoo's command `cambium zoo gan --model dcgan "
                + "--epochs 3` (3 epochs of all 60,000 images, about 10 minutes of CPU; its figures are in "
                + "cambium-zoo's README); this page reports only what it ran itself.");
        return out.build();
    }

    private static String setup(Mode mode, GanExperiment.Options o, GanExperiment.Result r, FashionMnist.Data data,
                                int scored) {
        return "Fashion-MNIST from " + (data.subset() ? "the 2,000/500-image subset embedded in cambium-data"
                : "the full data set (" + data.source() + ")") + ", pixels scaled to [-1, 1]. DCGAN from cambium-zoo "
                + "(GanArchitectures): generator Dense(7x7x" + (2 * o.filters()) + "), BatchNorm, ReLU, "
                + "Conv2DTranspose(" + o.filters() + ", 4, stride 2), BatchNorm, ReLU, Conv2DTranspose(1, 4, stride 2), "
                + "tanh, from " + o.latentDim() + " latent values; discriminator Conv2D(" + o.filters() + ", 4, stride 2), "
                + "LeakyReLU 0.2, Conv2D(" + (2 * o.filters()) + ", 4, stride 2), BatchNorm, LeakyReLU, Dense(1). "
                + "Weights from N(0, 0.02), both players Adam(" + io.cambium.lab.Fmt.sci(o.learningRate()) + ", beta1 0.5); per batch one "
                + "discriminator step (BCE, real target " + (1 - o.labelSmoothing()) + ") then one generator step "
                + "(non-saturating loss), in cambium-zoo's GameLoop. " + r.epochs() + " epochs of " + (r.steps() / r.epochs())
                + " batches of " + o.batchSize() + " drawn from the shuffled training set (" + r.steps() + " batches). "
                + "Quality: the Fréchet distance between Gaussians fitted to the 64 ReLU features of cambium-zoo's "
                + "FashionFeatures classifier (shipped with cambium-zoo), between " + scored + " generated images and the first "
                + scored + " test images, next to " + scored + " uniform-noise images and the next " + scored
                + " test images; it is Cambium's score, comparable only with itself, not the Inception FID. Training "
                + "took " + io.cambium.lab.Fmt.num(r.cpuSeconds(), 0) + " CPU-s (" + (mode == Mode.QUICK
                ? "quick mode: the half-width networks and a few hundred batches, so the samples are rough"
                : "full mode") + ").";
    }
}
