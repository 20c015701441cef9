package io.cambium.lab.experiments;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.lab.Experiment;
import io.cambium.lab.Fmt;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.GenerativeRuns;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.plot.LineChart;
import io.cambium.zoo.experiments.GanExperiment;
import io.cambium.zoo.experiments.Q34GanDesign;
import io.cambium.zoo.metrics.FashionFeatures;
import java.nio.file.Path;
import java.util.List;

/**
 * Question 34: how to design a GAN. The loss (why the generator's loss is the non-saturating one,
 * BCE against the Wasserstein critic with a gradient penalty), the optimizer's learning rate and
 * one-sided label smoothing, each trained with the same batches through cambium-zoo's
 * {@link Q34GanDesign} and scored by the Fréchet distance of their samples after every epoch.
 */
public final class Q34GanDesignChoices implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(34);
    }

    @Override
    public String title() {
        return "GAN design: the generator's loss, BCE against WGAN-GP, label smoothing and the learning rate";
    }

    @Override
    public String summary() {
        return "The textbook answer: design the generator (dense, convolutional and transposed-convolution layers) "
                + "and the discriminator (convolutions, pooling, dense), choose a loss (binary cross-entropy or the "
                + "Wasserstein distance), an optimizer (Adam, RMSprop) and a training strategy (alternating updates), "
                + "and make sure the two networks train stably. The experiment measures the generator's gradient under "
                + "the minimax and the non-saturating loss once the discriminator wins, then trains the DCGAN recipe, "
                + "the same without label smoothing, the same at a five times larger learning rate, and WGAN-GP with the "
                + "same batches, scoring their samples after every epoch.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        FashionMnist.Data data = LabData.fashionMnist();
        List<Q34GanDesign.Variant> variants = Q34GanDesign.variants(GenerativeRuns.budget(mode));
        int total = 0;
        for (Q34GanDesign.Variant v : variants) {
            total += v.options().totalEpochs();
        }
        progress.total(total);
        progress.message("saturation: the discriminator against a fixed generator");
        Path dir = GenerativeRuns.scratch(id());
        try {
            Q34GanDesign.Result r = Q34GanDesign.run(GenerativeRuns.budget(mode), data, FashionFeatures.shipped(),
                    o -> o.seed(seed).outDir(dir).out(null).callbacks(progress.epochs(o.runName())));
            return page(mode, r, data);
        } finally {
            GenerativeRuns.delete(dir);
        }
    }

    private static Result page(Mode mode, Q34GanDesign.Result r, FashionMnist.Data data) {
        Q34GanDesign.Saturation s = r.saturation();
        Table sat = new Table("The generator's gradient once the discriminator wins (" + s.discriminatorSteps()
                + " discriminator steps against the untrained generator)")
                .num("D steps", 0).num("mean D(G(z))", 4).sci("minimax log(1 - D(G(z))) gradient")
                .sci("non-saturating -log D(G(z)) gradient").num("ratio", 0);
        sat.row(s.discriminatorSteps(), s.meanFakeProbability(), s.minimaxGradientNorm(), s.nonSaturatingGradientNorm(),
                s.ratio());

        GanExperiment.Options first = r.runs().get(0).variant().options();
        int scored = Math.min(first.scoreImages(), data.xTest().dim(0) / 2);
        int epochs = first.totalEpochs();
        Table designs = new Table("The designs, trained with the same " + r.runs().get(0).result().steps()
                + " batches of " + first.batchSize() + "; Fréchet distance to " + scored + " real test images")
                .text("design").text("change").num("generator steps", 0).num("Fréchet distance", 2)
                .num("best epoch's", 2).num("epochs where it rose", 0).num("training CPU-s", 0);
        Table perEpoch = new Table("Fréchet distance per epoch").text("design").num("before", 2);
        for (int e = 1; e <= epochs; e++) {
            perEpoch.num("epoch " + e, 2);
        }
        LineChart chart = new LineChart("Fréchet distance to real images per epoch").xLabel("epoch").yLabel(
                "Fréchet distance (log)").logY(true).integerX(true);
        double noise = Double.NaN;
        for (Q34GanDesign.Run run : r.runs()) {
            GanExperiment.Result g = run.result();
            GanExperiment.Options o = run.variant().options();
            double[] fd = Series.of(g.frechetByEpoch());
            double best = fd[1];
            int rises = 0;
            for (int e = 1; e < fd.length; e++) {
                best = Math.min(best, fd[e]);
                rises += fd[e] > fd[e - 1] ? 1 : 0;
            }
            long generatorSteps = g.kind() == GanExperiment.Kind.WGAN_GP ? g.steps() / o.nCritic() : g.steps();
            designs.row(run.variant().name(), run.variant().change(), generatorSteps, g.frechetGenerated(), best, rises,
                    g.cpuSeconds());
            Object[] row = new Object[fd.length + 1];
            row[0] = run.variant().name();
            for (int e = 0; e < fd.length; e++) {
                row[e + 1] = fd[e];
            }
            perEpoch.row(row);
            double[] x = new double[fd.length];
            for (int e = 0; e < x.length; e++) {
                x[e] = e;
            }
            chart.series(run.variant().name(), x, fd);
            noise = g.frechetNoise();
        }
        Table refs = new Table("The same distance for reference image sets").text("images").num("Fréchet distance", 2);
        refs.row("uniform noise", noise);
        refs.row("other real test images", r.runs().get(0).result().frechetReal());

        Result.Builder out = Result.builder()
                .setup(setup(mode, r, data, scored))
                .table(sat).table(designs).table(perEpoch).table(refs)
                .plot("quality", "Fréchet distance of each design's samples per epoch (epoch 0: before training).",
                        chart.png());
        for (Q34GanDesign.Run run : r.runs()) {
            out.plot(run.variant().name() + "-samples", run.variant().name() + ": 64 samples after training ("
                    + run.variant().change() + ").", GenerativeRuns.png(run.result().samples()));
        }
        for (Q34GanDesign.Run run : r.runs()) {
            out.plot(run.variant().name() + "-curves", run.variant().name() + ": the players' losses per epoch.",
                    GenerativeRuns.png(run.result().curves()));
        }

        out.check("The generator's minimax loss log(1 - D(G(z))) saturates once the discriminator wins; the "
                        + "non-saturating -log D(G(z)) keeps a useful gradient", s.ratio() > 10,
                "With D(G(z)) at " + sat.text(0, 1) + " the non-saturating loss gives the generator a gradient "
                        + sat.text(0, 4) + " times larger (" + sat.text(0, 3) + " against " + sat.text(0, 2) + ").");
        int fd = designs.columnIndex("Fréchet distance");
        int dcgan = rowOf(designs, Q34GanDesign.DCGAN);
        int noSmoothing = rowOf(designs, Q34GanDesign.NO_SMOOTHING);
        if (noSmoothing >= 0) {
            out.check("One-sided label smoothing (real target 0.9) helps GAN training",
                    designs.value(dcgan, fd) < designs.value(noSmoothing, fd),
                    "With smoothing the samples end at " + designs.text(dcgan, fd) + ", without it at "
                            + designs.text(noSmoothing, fd) + ".");
        }
        int highLr = rowOf(designs, Q34GanDesign.HIGH_LR);
        if (highLr >= 0) {
            out.check("GANs need a small learning rate (the DCGAN paper's 2e-4); a larger one makes training worse",
                    designs.value(dcgan, fd) < designs.value(highLr, fd),
                    "At 2e-4 the samples end at " + designs.text(dcgan, fd) + ", at 1e-3 at " + designs.text(highLr, fd)
                            + ".");
        }
        int wgan = rowOf(designs, Q34GanDesign.WGAN_GP);
        int rose = designs.columnIndex("epochs where it rose");
        int gSteps = designs.columnIndex("generator steps");
        out.check("The Wasserstein loss with a gradient penalty trains stably: its samples improve at every epoch",
                designs.value(wgan, rose) == 0,
                "WGAN-GP's Fréchet distance rose in " + designs.text(wgan, rose) + " of " + epochs + " epochs (the "
                        + "DCGAN recipe's in " + designs.text(dcgan, rose) + ").");
        out.observed("With the same batches WGAN-GP reaches " + designs.text(wgan, fd) + " after "
                + designs.text(wgan, gSteps) + " generator steps, the DCGAN recipe " + designs.text(dcgan, fd) + " after "
                + designs.text(dcgan, gSteps) + ".");
        out.note("The issue's longer runs are cambium-zoo's commands `cambium zoo gan --model dcgan --epochs 3` and "
                + "`cambium zoo gan --model wgan-gp --epochs 4 --lr 2e-4` (all 60,000 images; their figures are in "
                + "cambium-zoo's README); this page reports only what it ran itself.");
        return out.build();
    }

    private static int rowOf(Table t, String name) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.text(i, 0).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String setup(Mode mode, Q34GanDesign.Result r, FashionMnist.Data data, int scored) {
        GanExperiment.Options o = r.runs().get(0).variant().options();
        GanExperiment.Result g = r.runs().get(0).result();
        return "Fashion-MNIST from " + (data.subset() ? "the 2,000/500-image subset embedded in cambium-data"
                : "the full data set (" + data.source() + ")") + ", pixels in [-1, 1]. Saturation: a DCGAN "
                + "discriminator without BatchNorm (" + (mode == Mode.QUICK ? "32 filters, batches of 32"
                : "64 filters, batches of 64") + " real and generated images) trained alone with Adam 2e-4 against a "
                + "fixed untrained generator, then the generator's "
                + "gradient norm under both losses on 256 latent vectors. Designs: cambium-zoo's DCGAN and WGAN-GP "
                + "networks with " + o.filters() + " discriminator filters and " + o.latentDim() + " latent values (the "
                + "DCGAN paper uses 64 filters; this budget takes the half-width networks to train longer), each for "
                + g.epochs() + " epochs of " + (g.steps() / g.epochs()) + " batches of " + o.batchSize() + " drawn from the "
                + "shuffled training set, the same seed. Quality: the Fréchet distance between Gaussians fitted to the "
                + "64 ReLU features of cambium-zoo's FashionFeatures classifier for " + scored + " generated images and "
                + "the first " + scored + " test images (Cambium's score, not the Inception FID), before training and "
                + "after every epoch." + (mode == Mode.QUICK ? " Quick mode: two designs and a short run." : "");
    }
}
