package io.cambium.zoo.experiments;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.training.History;
import io.cambium.plot.LearningCurves;
import io.cambium.tensor.Tensor;
import io.cambium.zoo.generative.Vae;
import io.cambium.zoo.images.ImageGrid;
import io.cambium.zoo.metrics.FashionFeatures;
import io.cambium.zoo.training.GameLoop;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a VAE on Fashion-MNIST from a fixed seed and measures it: the test-set ELBO after every
 * epoch (with its reconstruction and KL terms, in nats per image), and PNGs of reconstructions
 * (originals above their reconstructions), of latent-space interpolations between pairs of test
 * images, of samples from the prior, and for a 2-D latent space the decoded manifold; optionally
 * the Fréchet distance of prior samples to real test images ({@link FashionFeatures}).
 */
public final class VaeExperiment {
    private VaeExperiment() {
    }

    /** The run's settings. */
    public static final class Options extends RunOptions<Options> {
        /** Defaults: 10 epochs, batch 128. */
        public Options() {
            super(10, 128);
        }

        boolean convolutional = true;
        int latentDim = 16;
        int hidden = 512;
        double beta = 1;
        int testImages = -1;
        int scoreImages = 5000;
        Path outDir = Path.of("vae-out");
        String prefix;

        /** Convolutional (default) or fully connected. */
        public Options convolutional(boolean value) {
            convolutional = value;
            return this;
        }

        /** Latent values (default 16). */
        public Options latentDim(int n) {
            latentDim = n;
            return this;
        }

        /** Hidden units of the dense VAE (default 512). */
        public Options hidden(int n) {
            hidden = n;
            return this;
        }

        /** The KL weight (default 1). */
        public Options beta(double b) {
            beta = b;
            return this;
        }

        /** Evaluate the ELBO and the latent codes on the first n test images only (default all). */
        public Options testImages(int n) {
            testImages = n;
            return this;
        }

        /** Images per set in the Fréchet distances of the prior samples (default 5,000; at most half the test set). */
        public Options scoreImages(int n) {
            scoreImages = n;
            return this;
        }

        /** Whether the VAE is convolutional. */
        public boolean convolutional() {
            return convolutional;
        }

        /** Latent values. */
        public int latentDim() {
            return latentDim;
        }

        /** Hidden units of the dense VAE. */
        public int hidden() {
            return hidden;
        }

        /** The KL weight. */
        public double beta() {
            return beta;
        }

        /** The test images the ELBO is evaluated on (the first n), or -1 for all. */
        public int testImages() {
            return testImages;
        }

        /** Images per set in the Fréchet distances. */
        public int scoreImages() {
            return scoreImages;
        }

        @Override
        public String runName() {
            return prefix != null ? prefix : "vae-" + (convolutional ? "conv" : "dense");
        }

        /** Where the PNGs go (default ./vae-out) and their name prefix (default from the model). */
        public Options outDir(Path dir, String filePrefix) {
            outDir = dir;
            prefix = filePrefix;
            return this;
        }
    }

    /**
     * The measurements of one run.
     *
     * @param testElbo the test-set ELBO after each epoch (nats per image)
     * @param testReconstruction its reconstruction term after each epoch
     * @param testKl its KL term after each epoch
     * @param frechetSamples the Fréchet distance of prior samples to the first half of the test set
     *     ({@code NaN} when no feature network was given), next to {@link #frechetNoise} and
     *     {@link #frechetReal} for uniform noise and for the other half of the test set
     * @param codeStd for each latent dimension, the standard deviation over the test images of their
     *     codes' means (the prior's is 1; a dimension near 0 carries no information)
     * @param activeUnits the latent dimensions whose code means vary over the test images with a
     *     variance above {@value #ACTIVE_VARIANCE} (Burda et al. 2016's active units)
     */
    public record Result(String model, double beta, int latentDim, String data, double seconds, double cpuSeconds,
                         History history,
                         List<Double> testElbo, List<Double> testReconstruction, List<Double> testKl,
                         double frechetSamples, double frechetNoise, double frechetReal, double[] codeStd,
                         int activeUnits, Path reconstructions,
                         Path interpolations, Path samples, Path manifold, Path curves) {

        /** A one-line summary. */
        public String summary() {
            int last = testElbo.size() - 1;
            return String.format(Locale.ROOT, "%s VAE (latent %d, beta %s): test ELBO %.2f nats per image"
                    + " (reconstruction %.2f, KL %.2f) after %d epochs in %.0f s (%.0f s of CPU); %d of %d latent"
                    + " dimensions active%s", model, latentDim,
                    beta, testElbo.get(last), testReconstruction.get(last), testKl.get(last), testElbo.size(), seconds,
                    cpuSeconds, activeUnits, latentDim,
                    Double.isNaN(frechetSamples) ? "" : String.format(Locale.ROOT,
                            "; Fréchet distance of prior samples %.2f (noise %.2f, real %.2f)", frechetSamples,
                            frechetNoise, frechetReal));
        }
    }

    /** The variance of a latent dimension's code means above which it counts as active. */
    public static final double ACTIVE_VARIANCE = 0.01;

    /** Runs the experiment on {@code data}; {@code features} (may be null) scores the prior samples. */
    public static Result run(Options o, FashionMnist.Data data, FashionFeatures features) {
        Cambium.seed(o.seed);
        Vae vae = (o.convolutional ? Vae.convolutional(o.latentDim) : Vae.dense(o.hidden, o.latentDim)).beta(o.beta);
        String model = o.convolutional ? "convolutional" : "dense";
        String prefix = o.runName();
        Tensor x = data.xTrain();
        if (o.trainImages > 0 && o.trainImages < x.dim(0)) {
            x = x.narrow(0, 0, o.trainImages);
        }
        Tensor xTest = o.testImages > 0 && o.testImages < data.xTest().dim(0) ? data.xTest().narrow(0, 0, o.testImages)
                : data.xTest();
        List<Double> elbo = new ArrayList<>();
        List<Double> rec = new ArrayList<>();
        List<Double> kl = new ArrayList<>();
        GameLoop loop = new GameLoop(vae.players()).epochs(o.epochs).batchSize(o.batchSize).dropRemainder(false)
                .stepsPerEpoch(o.stepsPerEpoch).progress(o.out, true).evaluation(() -> {
                    Vae.Elbo e = vae.evaluate(xTest, 500);
                    elbo.add(e.elbo());
                    rec.add(e.reconstruction());
                    kl.add(e.kl());
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("test_elbo", e.elbo());
                    return m;
                });
        o.callbacks.forEach(loop::callbacks);
        long t0 = System.nanoTime();
        double cpu0 = ProcessCpu.seconds();
        History history = loop.fit(x, null, vae::step);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = ProcessCpu.seconds() - cpu0;

        Tensor originals = xTest.narrow(0, 0, 16);
        Path reconstructions = o.outDir.resolve(prefix + "-reconstructions.png");
        ImageGrid.write(Tensor.concat(0, originals, vae.reconstruct(originals)), 16, 0f, 1f, reconstructions);
        Path interpolations = o.outDir.resolve(prefix + "-interpolations.png");
        int pairs = 6;
        Tensor[] rows = new Tensor[pairs];
        for (int p = 0; p < pairs; p++) {
            // Pairs of different classes: test images p and the first later one of another class.
            int a = p * 37;
            int b = a + 1;
            while (data.yTest().data()[b] == data.yTest().data()[a]) {
                b++;
            }
            rows[p] = vae.interpolate(data.xTest().narrow(0, a, 1), data.xTest().narrow(0, b, 1), 10);
        }
        ImageGrid.write(Tensor.concat(0, rows), 10, 0f, 1f, interpolations);
        Path samples = o.outDir.resolve(prefix + "-samples.png");
        ImageGrid.write(vae.samplePrior(64), 8, 0f, 1f, samples);
        Path manifold = null;
        if (o.latentDim == 2) {
            manifold = o.outDir.resolve(prefix + "-manifold.png");
            ImageGrid.write(vae.decode(manifoldGrid(15, 2.5f)), 15, 0f, 1f, manifold);
        }
        Path curves = o.outDir.resolve(prefix + "-curves.png");
        LearningCurves.write(history.history(), model + " VAE on Fashion-MNIST", curves);
        double fs = Double.NaN;
        double fn = Double.NaN;
        double fr = Double.NaN;
        double[] codeStd = codeStd(vae.encodeMean(xTest));
        int active = 0;
        for (double sd : codeStd) {
            active += sd * sd > ACTIVE_VARIANCE ? 1 : 0;
        }
        if (features != null) {
            // The whole test set here, as for the GANs: the reference and real halves do not depend on testImages.
            int n = Math.min(o.scoreImages, data.xTest().dim(0) / 2);
            GanExperiment.Scores s = GanExperiment.score(features, data.xTest(), vae.samplePrior(n), n);
            fs = s.generated();
            fn = s.noise();
            fr = s.real();
        }
        Result r = new Result(model, o.beta, o.latentDim, data.source(), seconds, cpu, history, elbo, rec, kl, fs, fn,
                fr, codeStd, active, reconstructions, interpolations, samples, manifold, curves);
        if (o.out != null) {
            o.out.println(r.summary());
        }
        return r;
    }

    /** The standard deviation of each column of {@code codes} [n, latent], over the rows. */
    static double[] codeStd(Tensor codes) {
        int n = codes.dim(0);
        int d = codes.dim(1);
        float[] v = codes.data();
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double x = v[i * d + j];
                sum += x;
                sq += x * x;
            }
            double mean = sum / n;
            sd[j] = Math.sqrt(Math.max(0, sq / n - mean * mean));
        }
        return sd;
    }

    /** An n x n grid of 2-D codes over [-span, span]^2, rows from top (high second value) to bottom. */
    static Tensor manifoldGrid(int n, float span) {
        float[] z = new float[n * n * 2];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int i = r * n + c;
                z[2 * i] = -span + 2 * span * c / (n - 1);
                z[2 * i + 1] = span - 2 * span * r / (n - 1);
            }
        }
        return new Tensor(z, n * n, 2);
    }
}
