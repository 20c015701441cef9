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
import io.cambium.zoo.experiments.Q36VaeDesign;
import io.cambium.zoo.experiments.VaeExperiment;
import io.cambium.zoo.metrics.FashionFeatures;
import java.nio.file.Path;
import java.util.List;

/**
 * Question 36 (the bank asks the VAE question a second time): designing a VAE. cambium-zoo's
 * convolutional VAE (stride-2 convolutions down, stride-2 transposed convolutions up, a 16-value
 * latent space) trained with the KL term weighted by beta = 1 (the ELBO) and beta = 4 (a
 * beta-VAE), through {@link Q36VaeDesign}: what the weight does to reconstruction, to the KL term,
 * to the latent dimensions in use and to samples from the prior.
 */
public final class Q36VaeDesignChoices implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(36);
    }

    @Override
    public String title() {
        return "VAE design: a convolutional VAE with the KL term weighted by beta = 1 and beta = 4";
    }

    @Override
    public String summary() {
        return "The textbook answer (the bank asks the VAE question twice): design an encoder (convolutional, dense), "
                + "a decoder symmetric to it (transposed convolutions), the latent dimension that controls the variety "
                + "of what is generated, the reparameterization trick and a loss of reconstruction plus KL divergence. "
                + "The experiment trains the same convolutional VAE with a 16-value latent space twice, with the KL "
                + "term weighted by beta = 1 and by beta = 4, and measures the test ELBO and its two terms, the latent "
                + "dimensions in use, and images decoded from prior samples (Fréchet distance in the features of "
                + "Cambium's Fashion-MNIST classifier).";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        FashionMnist.Data data = LabData.fashionMnist();
        int total = 0;
        for (double beta : Q36VaeDesign.BETAS) {
            total += Q36VaeDesign.options(GenerativeRuns.budget(mode), beta).totalEpochs();
        }
        progress.total(total);
        Path dir = GenerativeRuns.scratch(id());
        try {
            List<VaeExperiment.Result> runs = Q36VaeDesign.run(GenerativeRuns.budget(mode), data,
                    FashionFeatures.shipped(), o -> o.seed(seed).outDir(dir, o.runName()).out(null)
                            .callbacks(progress.epochs(o.runName())));
            return page(mode, runs, data);
        } finally {
            GenerativeRuns.delete(dir);
        }
    }

    private static Result page(Mode mode, List<VaeExperiment.Result> runs, FashionMnist.Data data) {
        VaeExperiment.Options o = Q36VaeDesign.options(GenerativeRuns.budget(mode), 1);
        int testImages = o.testImages() > 0 ? Math.min(o.testImages(), data.xTest().dim(0)) : data.xTest().dim(0);
        int scored = Math.min(o.scoreImages(), data.xTest().dim(0) / 2);
        Table t = new Table("After training, on " + testImages + " test images (nats per image; the ELBO always with "
                + "beta = 1)").text("KL weight").num("test ELBO", 2).num("reconstruction", 2).num("KL", 2)
                .num("active latent dimensions", 0).num("prior samples' Fréchet distance", 2).num("training CPU-s", 0);
        int epochs = runs.get(0).testElbo().size();
        Table perEpoch = new Table("Test ELBO per epoch").text("KL weight");
        for (int e = 1; e <= epochs; e++) {
            perEpoch.num("epoch " + e, 2);
        }
        LineChart chart = new LineChart("Test-set terms per epoch").xLabel("epoch").yLabel("nats per image")
                .integerX(true);
        for (VaeExperiment.Result r : runs) {
            String name = "beta = " + Fmt.num(r.beta(), 0);
            int last = r.testElbo().size() - 1;
            t.row(name, r.testElbo().get(last), r.testReconstruction().get(last), r.testKl().get(last), r.activeUnits(),
                    r.frechetSamples(), r.cpuSeconds());
            Object[] row = new Object[epochs + 1];
            row[0] = name;
            for (int e = 0; e < epochs; e++) {
                row[e + 1] = r.testElbo().get(e);
            }
            perEpoch.row(row);
            chart.series("reconstruction, " + name, Series.of(r.testReconstruction()));
            chart.dashed("KL, " + name, Series.oneTo(epochs), Series.of(r.testKl()));
        }
        Table refs = new Table("Fréchet distance to " + scored + " real test images for reference sets").text("images")
                .num("Fréchet distance", 2);
        refs.row("uniform noise", runs.get(0).frechetNoise());
        refs.row("other real test images", runs.get(0).frechetReal());

        Result.Builder out = Result.builder()
                .setup(setup(mode, o, runs.get(0), data, testImages, scored))
                .table(t).table(perEpoch).table(refs)
                .plot("loss-terms", "Reconstruction (solid) and KL (dashed) on the test images per epoch.", chart.png());
        for (VaeExperiment.Result r : runs) {
            String b = Fmt.num(r.beta(), 0);
            out.plot("samples-beta" + b, "beta = " + b + ": 64 images decoded from prior samples.",
                    GenerativeRuns.png(r.samples()));
            out.plot("reconstructions-beta" + b, "beta = " + b + ": 16 test images (top) and their reconstructions.",
                    GenerativeRuns.png(r.reconstructions()));
            out.plot("interpolations-beta" + b, "beta = " + b + ": decoded lines between the codes of two test images.",
                    GenerativeRuns.png(r.interpolations()));
        }

        int elbo = t.columnIndex("test ELBO");
        int rec = t.columnIndex("reconstruction");
        int kl = t.columnIndex("KL");
        int active = t.columnIndex("active latent dimensions");
        int fd = t.columnIndex("prior samples' Fréchet distance");
        out.check("A larger KL weight (beta-VAE) trades reconstruction for codes closer to the prior",
                t.value(1, kl) < t.value(0, kl) && t.value(1, rec) > t.value(0, rec),
                "With beta = 4 the KL term is " + t.text(1, kl) + " against " + t.text(0, kl) + " with beta = 1, and "
                        + "the reconstruction term " + t.text(1, rec) + " against " + t.text(0, rec) + ".");
        out.check("The ELBO, the bound the VAE maximizes, is best with beta = 1", t.value(0, elbo) > t.value(1, elbo),
                "Test ELBO " + t.text(0, elbo) + " with beta = 1 and " + t.text(1, elbo) + " with beta = 4.");
        out.check("The KL weight decides how much of the latent space is used: a larger weight switches dimensions off",
                t.value(1, active) < t.value(0, active),
                t.text(0, active) + " of " + o.latentDim() + " latent dimensions are active with beta = 1, "
                        + t.text(1, active) + " with beta = 4.");
        out.check("Codes closer to the prior make images sampled from the prior more realistic",
                t.value(1, fd) < t.value(0, fd),
                "Prior samples score " + t.text(1, fd) + " with beta = 4 and " + t.text(0, fd) + " with beta = 1 (noise "
                        + refs.text(0, 1) + ", real images " + refs.text(1, 1) + ").");
        out.note("The issue's longer runs are cambium-zoo's `cambium zoo vae --model conv --latent 16 --beta 1 "
                + "--epochs 10` and `--beta 4` (all 60,000 images); this page reports only what it ran itself.");
        return out.build();
    }

    private static String setup(Mode mode, VaeExperiment.Options o, VaeExperiment.Result r, FashionMnist.Data data,
                                int testImages, int scored) {
        int train = o.trainImages() > 0 ? Math.min(o.trainImages(), data.xTrain().dim(0)) : data.xTrain().dim(0);
        return "Fashion-MNIST from " + (data.subset() ? "the 2,000/500-image subset embedded in cambium-data"
                : "the full data set (" + data.source() + ")") + ", pixels in [0, 1]. cambium-zoo's convolutional VAE "
                + "(Vae.convolutional, after Keras's example): encoder Conv2D(32, 3, stride 2) and Conv2D(64, 3, "
                + "stride 2) with ReLU, Dense 16 ReLU, two Dense " + o.latentDim() + " heads (mean, log-variance); the "
                + "reparameterization z = mean + exp(logvar / 2) * eps; decoder Dense 7x7x64 ReLU, Conv2DTranspose(64, "
                + "3, stride 2) and (32, 3, stride 2) with ReLU, Conv2DTranspose(1, 3) logits. Loss per image: "
                + "Bernoulli reconstruction (summed over the pixels) + beta x KL to N(0, I). Adam 1e-3, batch "
                + o.batchSize() + ", " + r.testElbo().size() + " epochs on the first " + train + " training images, "
                + "the same seed for both betas; the ELBO (beta = 1) on the first " + testImages + " test images after "
                + "every epoch. A latent dimension is active when its code mean varies over the test images with a "
                + "variance above 0.01 (Burda et al. 2016). Prior samples: " + scored + " images against the first "
                + scored + " test images, Fréchet distance of Gaussians fitted to the 64 ReLU features of cambium-zoo's "
                + "FashionFeatures classifier (Cambium's score, not the Inception FID)."
                + (mode == Mode.QUICK ? " Quick mode: a small subset and few epochs, so both VAEs are barely trained." : "");
    }
}
