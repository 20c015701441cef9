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
import io.cambium.zoo.experiments.Q35Vae;
import io.cambium.zoo.experiments.VaeExperiment;
import io.cambium.zoo.metrics.FashionFeatures;
import java.nio.file.Path;
import java.util.List;

/**
 * Question 35: how a VAE is built and what it learns. cambium-zoo's dense VAE with a 2-D latent
 * space ({@link Q35Vae}): the encoder gives the mean and log-variance of a Gaussian code, the
 * reparameterization trick samples it, the decoder gives pixel probabilities, and the loss is the
 * reconstruction term plus the KL divergence to the prior. Measured: the test-set ELBO and its two
 * terms per epoch; against the same network trained without the KL term, how close the codes stay
 * to the prior and what decoding prior samples gives; the 2-D latent plane drawn as decoded images.
 */
public final class Q35VariationalAutoencoder implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(35);
    }

    @Override
    public String title() {
        return "VAE: encoder, reparameterization, decoder and the ELBO; what the KL term does, in a 2-D latent space";
    }

    @Override
    public String summary() {
        return "The textbook answer: a VAE has an encoder that maps an input to the parameters of a distribution in a "
                + "latent space, the reparameterization trick to sample from it and still back-propagate, a decoder "
                + "symmetric to the encoder, and a loss of reconstruction plus a Kullback-Leibler term; new data comes "
                + "from sampling the latent space. The experiment trains a dense VAE with a 2-D latent space on "
                + "Fashion-MNIST and measures the test-set ELBO per epoch and its two terms, then trains the same "
                + "network without the KL term and compares how far the test images' codes stray from the prior "
                + "N(0, I) and what comes out of decoding prior samples (Fréchet distance in the features of Cambium's "
                + "Fashion-MNIST classifier).";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        FashionMnist.Data data = LabData.fashionMnist();
        Path dir = GenerativeRuns.scratch(id());
        try {
            VaeExperiment.Options vae = Q35Vae.options(GenerativeRuns.budget(mode)).seed(seed)
                    .outDir(dir, "q35-vae").out(null);
            VaeExperiment.Options noKl = Q35Vae.withoutKl(GenerativeRuns.budget(mode)).seed(seed)
                    .outDir(dir, "q35-no-kl").out(null);
            progress.total(vae.totalEpochs() + noKl.totalEpochs());
            vae.callbacks(progress.epochs("VAE"));
            noKl.callbacks(progress.epochs("without the KL term"));
            FashionFeatures features = FashionFeatures.shipped();
            VaeExperiment.Result r = VaeExperiment.run(vae, data, features);
            VaeExperiment.Result a = VaeExperiment.run(noKl, data, features);
            return page(mode, vae, r, a, data);
        } finally {
            GenerativeRuns.delete(dir);
        }
    }

    private static Result page(Mode mode, VaeExperiment.Options o, VaeExperiment.Result r, VaeExperiment.Result a,
                               FashionMnist.Data data) {
        int testImages = o.testImages() > 0 ? Math.min(o.testImages(), data.xTest().dim(0)) : data.xTest().dim(0);
        Table elbo = new Table("The VAE's test-set ELBO per epoch on " + testImages + " test images (nats per image; "
                + "ELBO = -(reconstruction + KL))").num("epoch", 0).num("ELBO", 2).num("reconstruction", 2).num("KL", 2)
                .num("KL share of the loss", 3);
        for (int e = 0; e < r.testElbo().size(); e++) {
            double rec = r.testReconstruction().get(e);
            double kl = r.testKl().get(e);
            elbo.row(e + 1, r.testElbo().get(e), rec, kl, kl / (rec + kl));
        }
        int scored = Math.min(o.scoreImages(), data.xTest().dim(0) / 2);
        Table compare = new Table("The VAE against the same network trained without the KL term, after training "
                + "(test images; Fréchet distance of " + scored + " images decoded from prior samples to " + scored
                + " real test images)").text("model").num("ELBO", 2).num("reconstruction", 2).num("KL", 2)
                .num("std of z1 code means", 3).num("std of z2 code means", 3).num("spread off the prior (factor)", 2)
                .num("prior samples' Fréchet distance", 2);
        compare.row("VAE (reconstruction + KL)", last(r.testElbo()), last(r.testReconstruction()), last(r.testKl()),
                r.codeStd()[0], r.codeStd()[1], offPrior(r.codeStd()), r.frechetSamples());
        compare.row("without the KL term", last(a.testElbo()), last(a.testReconstruction()), last(a.testKl()),
                a.codeStd()[0], a.codeStd()[1], offPrior(a.codeStd()), a.frechetSamples());
        Table refs = new Table("Fréchet distance to the same " + scored + " real test images for reference sets")
                .text("images").num("Fréchet distance", 2);
        refs.row("uniform noise", r.frechetNoise());
        refs.row("other real test images", r.frechetReal());

        LineChart curves = new LineChart("The VAE's test-set loss terms per epoch").xLabel("epoch")
                .yLabel("nats per image").integerX(true).series("-ELBO", negate(Series.of(r.testElbo())))
                .series("reconstruction", Series.of(r.testReconstruction())).series("KL", Series.of(r.testKl()));
        Result.Builder out = Result.builder()
                .setup(setup(mode, o, r, data, testImages, scored))
                .table(elbo).table(compare).table(refs)
                .plot("loss-terms", "The VAE's test-set ELBO terms per epoch.", curves.png())
                .plot("reconstructions", "VAE: 16 test images (top) and their reconstructions (bottom).",
                        GenerativeRuns.png(r.reconstructions()))
                .plot("manifold", "VAE: the decoder over the latent plane [-2.5, 2.5]^2 (15 x 15 codes).",
                        GenerativeRuns.png(r.manifold()))
                .plot("samples", "VAE: 64 images decoded from codes drawn from the prior N(0, I).",
                        GenerativeRuns.png(r.samples()))
                .plot("interpolations", "VAE: decoded straight lines between the codes of two test images of "
                        + "different classes.", GenerativeRuns.png(r.interpolations()))
                .plot("no-kl-samples", "Without the KL term: 64 images decoded from the same prior N(0, I).",
                        GenerativeRuns.png(a.samples()))
                .plot("no-kl-manifold", "Without the KL term: the decoder over the same latent plane.",
                        GenerativeRuns.png(a.manifold()));

        int end = elbo.rowCount() - 1;
        out.check("Training maximizes the ELBO, a lower bound of the data's log-likelihood", r.testElbo().get(end)
                > r.testElbo().get(0), "The test ELBO goes from " + elbo.text(0, 1) + " after epoch 1 to "
                + elbo.text(end, 1) + " nats per image after epoch " + elbo.text(end, 0) + ".");
        out.observed("At the end the VAE's loss is " + elbo.text(end, 2) + " nats of reconstruction and "
                + elbo.text(end, 3) + " of KL: the KL term is " + elbo.text(end, 4) + " of it.");
        int rec = compare.columnIndex("reconstruction");
        int spread = compare.columnIndex("spread off the prior (factor)");
        int fd = compare.columnIndex("prior samples' Fréchet distance");
        out.check("The KL term is a price paid in reconstruction", compare.value(1, rec) < compare.value(0, rec),
                "Without it the reconstruction term is " + compare.text(1, rec) + " nats against "
                        + compare.text(0, rec) + " for the VAE.");
        out.check("The KL term keeps the codes close to the prior N(0, I)", compare.value(0, spread)
                        < compare.value(1, spread),
                "The code means' standard deviation is off the prior's 1 by a factor of at most "
                        + compare.text(0, spread) + " in the VAE and " + compare.text(1, spread) + " without the KL term ("
                        + compare.text(1, 4) + " and " + compare.text(1, 5) + ").");
        out.check("Because of the KL term, decoding samples of the prior gives images (the latent space can be "
                        + "sampled)", compare.value(0, fd) < compare.value(1, fd),
                "Prior samples score " + compare.text(0, fd) + " through the VAE's decoder and " + compare.text(1, fd)
                        + " through the decoder trained without the KL term.");
        out.check("New images come from sampling the latent space: the VAE's prior samples are much closer to real "
                        + "images than noise is (less than half its distance)", r.frechetSamples() < 0.5 * r.frechetNoise(),
                "The VAE's prior samples score " + compare.text(0, fd) + " against " + refs.text(0, 1)
                        + " for uniform noise and " + refs.text(1, 1) + " for other real images.");
        out.note("The issue's longer run is cambium-zoo's `cambium zoo vae --model dense --latent 2 --epochs 20 "
                + "--score` (its figures are in cambium-zoo's README); this page reports only what it ran itself.");
        return out.build();
    }

    private static double last(List<Double> v) {
        return v.get(v.size() - 1);
    }

    /** How far the code means' spread is from the prior's unit standard deviation: the largest of std and 1/std. */
    private static double offPrior(double[] std) {
        double f = 1;
        for (double s : std) {
            f = Math.max(f, Math.max(s, 1 / s));
        }
        return f;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static String setup(Mode mode, VaeExperiment.Options o, VaeExperiment.Result r, FashionMnist.Data data,
                                int testImages, int scored) {
        int train = o.trainImages() > 0 ? Math.min(o.trainImages(), data.xTrain().dim(0)) : data.xTrain().dim(0);
        return "Fashion-MNIST from " + (data.subset() ? "the 2,000/500-image subset embedded in cambium-data"
                : "the full data set (" + data.source() + ")") + ", pixels in [0, 1]. cambium-zoo's dense VAE "
                + "(Vae.dense): encoder Flatten, Dense " + o.hidden() + " ReLU, then two Dense " + o.latentDim()
                + " heads for the mean and log-variance; the Sampling layer draws z = mean + exp(logvar / 2) * eps "
                + "(the reparameterization trick); decoder Dense " + o.hidden() + " ReLU, Dense 784 logits. Loss per "
                + "image: Bernoulli reconstruction (binary cross-entropy from logits summed over the 784 pixels) plus "
                + "the Gaussian KL to N(0, I), in nats; Adam 1e-3, batch " + o.batchSize() + ", " + r.testElbo().size()
                + " epochs on the first " + train + " training images; the ELBO evaluated on the first " + testImages
                + " test images after every epoch. Prior samples are scored by the Fréchet distance between Gaussians "
                + "fitted to the 64 ReLU features of cambium-zoo's FashionFeatures classifier, " + scored
                + " images against the first " + scored + " test images (Cambium's score, not the Inception FID). "
                + "The comparison trains the same network, seed and batches with beta = 0 (no KL term: the codes "
                + "still pass through the sampling layer, but nothing pulls them towards the prior). Training took "
                + io.cambium.lab.Fmt.num(r.cpuSeconds(), 0) + " CPU-s for the VAE"
                + (mode == Mode.QUICK ? " (quick mode: a subset and few epochs)." : ".");
    }
}
