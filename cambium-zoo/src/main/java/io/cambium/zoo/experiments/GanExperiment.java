package io.cambium.zoo.experiments;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.training.History;
import io.cambium.plot.LearningCurves;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.zoo.generative.Dcgan;
import io.cambium.zoo.generative.GanRecipe;
import io.cambium.zoo.generative.Gans;
import io.cambium.zoo.generative.WganGp;
import io.cambium.zoo.images.EpochGrids;
import io.cambium.zoo.images.ImageGrid;
import io.cambium.zoo.metrics.FashionFeatures;
import io.cambium.zoo.metrics.FrechetDistance;
import io.cambium.zoo.training.GameLoop;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a GAN on Fashion-MNIST from a fixed seed and measures it: a grid of samples per epoch
 * (the same 64 latent vectors each time), the final grid, the learning curves of both players,
 * and the Fréchet distance ({@link FashionFeatures}, not Inception's FID) of generated images to
 * the first half of the test set, next to the same distance for uniform noise images and for the
 * second half of the test set (real images neither model has seen). A good generator lands much
 * closer to the real-images figure than to the noise figure.
 */
public final class GanExperiment {
    private GanExperiment() {
    }

    /** Which GAN. */
    public enum Kind {
        /** {@link Dcgan}, unconditional. */
        DCGAN,
        /** {@link Dcgan} conditioned on the class. */
        CONDITIONAL_DCGAN,
        /** {@link WganGp}. */
        WGAN_GP;

        /** The CLI name: dcgan, cdcgan, wgan-gp. */
        public String cliName() {
            return switch (this) {
                case DCGAN -> "dcgan";
                case CONDITIONAL_DCGAN -> "cdcgan";
                case WGAN_GP -> "wgan-gp";
            };
        }
    }

    /** The run's settings; defaults fit a 20-minute run on a 2-core machine (see the module README). */
    public static final class Options extends RunOptions<Options> {
        /** Defaults: 4 epochs, batch 64. */
        public Options() {
            super(4, 64);
        }

        Kind kind = Kind.DCGAN;
        int latentDim = 100;
        int filters = 64;
        int scoreImages = 5000;
        boolean scoreEachEpoch;
        double labelSmoothing = 0.1;
        int nCritic = 5;
        double learningRate = -1;
        String name;
        Path outDir = Path.of("gan-out");

        /** The GAN (default DCGAN). */
        public Options kind(Kind k) {
            kind = k;
            return this;
        }

        /** Latent values (default 100) and discriminator filters (default 64). */
        public Options size(int latent, int discriminatorFilters) {
            latentDim = latent;
            filters = discriminatorFilters;
            return this;
        }

        /** Images per set in the Fréchet distances (default 5,000; at most half the test set). */
        public Options scoreImages(int n) {
            scoreImages = n;
            return this;
        }

        /**
         * Also score the generator before training and after every epoch (default off), into
         * {@link Result#frechetByEpoch()}: each costs {@code scoreImages} generated images through
         * the feature network, and the draws it makes from the global generator change the run's
         * later random numbers (a scored run is as reproducible as an unscored one, not equal to it).
         */
        public Options scoreEachEpoch(boolean value) {
            scoreEachEpoch = value;
            return this;
        }

        /** DCGAN's one-sided label smoothing (default 0.1). */
        public Options labelSmoothing(double s) {
            labelSmoothing = s;
            return this;
        }

        /** WGAN-GP's critic steps per generator step (default 5). */
        public Options nCritic(int n) {
            nCritic = n;
            return this;
        }

        /** Both optimizers' learning rate (default: the recipe's, 2e-4 for DCGAN and 1e-4 for WGAN-GP). */
        public Options learningRate(double lr) {
            learningRate = lr;
            return this;
        }

        /** The GAN. */
        public Kind kind() {
            return kind;
        }

        /** Latent values. */
        public int latentDim() {
            return latentDim;
        }

        /** Discriminator (critic) filters in its first layer; the generator has twice as many at 7x7. */
        public int filters() {
            return filters;
        }

        /** Images per set in the Fréchet distances (before capping at half the test set). */
        public int scoreImages() {
            return scoreImages;
        }

        /** Whether the generator is scored before training and after every epoch. */
        public boolean scoreEachEpoch() {
            return scoreEachEpoch;
        }

        /** DCGAN's one-sided label smoothing. */
        public double labelSmoothing() {
            return labelSmoothing;
        }

        /** Both optimizers' learning rate: the one set, else the recipe's (2e-4 for DCGAN, 1e-4 for WGAN-GP). */
        public double learningRate() {
            return learningRate > 0 ? learningRate : kind == Kind.WGAN_GP ? 1e-4 : 2e-4;
        }

        /** WGAN-GP's critic steps per generator step. */
        public int nCritic() {
            return nCritic;
        }

        /** The run's name, which prefixes its PNG files (default the kind's CLI name: dcgan, cdcgan, wgan-gp). */
        public Options name(String value) {
            name = value;
            return this;
        }

        @Override
        public String runName() {
            return name != null ? name : kind.cliName();
        }

        /** Where the PNGs go (default ./gan-out). */
        public Options outDir(Path dir) {
            outDir = dir;
            return this;
        }
    }

    /**
     * The measurements of one run.
     *
     * @param steps the batches trained on
     * @param seconds the training time (without the per-epoch scoring)
     * @param cpuSeconds the process's CPU time during training (both cores count; without the per-epoch scoring)
     * @param frechetGenerated generated images vs the reference (first half of the test set)
     * @param frechetNoise uniform noise images vs the reference
     * @param frechetReal the other half of the test set vs the reference
     * @param frechetByEpoch with {@link Options#scoreEachEpoch}, the distance of generated images before
     *     training and after each epoch (epochs + 1 values, the last equal to {@code frechetGenerated}'s
     *     measurement up to the latent draw); else empty
     * @param epochGrids one sample grid per epoch
     * @param samples the final grid (64 samples; for the conditional GAN, a row of 8 per class)
     * @param curves the learning curves
     */
    public record Result(Kind kind, String data, int epochs, long steps, double seconds, double cpuSeconds,
                         History history,
                         double frechetGenerated, double frechetNoise, double frechetReal,
                         List<Double> frechetByEpoch, List<Path> epochGrids,
                         Path samples, Path curves) {

        /** A one-line summary. */
        public String summary() {
            return String.format(Locale.ROOT, "%s: %d epochs, %d steps in %.0f s (%.0f s of CPU); Fréchet distance"
                    + " (Fashion-MNIST features) to real test images: generated %.2f, noise %.2f, other real images"
                    + " %.2f", kind.cliName(), epochs, steps, seconds, cpuSeconds, frechetGenerated, frechetNoise,
                    frechetReal);
        }
    }

    /** Runs the experiment on {@code data}, scoring with {@code features}. */
    public static Result run(Options o, FashionMnist.Data data, FashionFeatures features) {
        Cambium.seed(o.seed);
        GanRecipe gan = switch (o.kind) {
            case DCGAN, CONDITIONAL_DCGAN -> {
                Dcgan d = Dcgan.create(o.latentDim, o.filters, o.kind == Kind.CONDITIONAL_DCGAN ? 10 : 0)
                        .labelSmoothing(o.labelSmoothing);
                if (o.learningRate > 0) {
                    d.optimizers(adam(o.learningRate, 0.5, 0.999), adam(o.learningRate, 0.5, 0.999));
                }
                yield d;
            }
            case WGAN_GP -> {
                WganGp w = WganGp.create(o.latentDim, o.filters, 0).nCritic(o.nCritic);
                if (o.learningRate > 0) {
                    w.optimizers(WganGp.paperAdam(o.learningRate), WganGp.paperAdam(o.learningRate));
                }
                yield w;
            }
        };
        Tensor x = data.xTrain();
        Tensor y = data.yTrain();
        if (o.trainImages > 0 && o.trainImages < x.dim(0)) {
            x = x.narrow(0, 0, o.trainImages);
            y = y.narrow(0, 0, o.trainImages);
        }
        Tensor images = Gans.toTanhRange(x);
        Tensor labels = gan.classes() > 0 ? Gans.oneHot(y, gan.classes()) : null;
        // The same latent vectors every epoch (when conditional, a row of eight per class).
        Tensor fixedZ = gan.latent(gan.classes() > 0 ? 8 * gan.classes() : 64);
        Tensor fixedLabels = gan.classes() > 0 ? Gans.oneHot(rowLabels(gan.classes(), 8), gan.classes()) : null;
        String name = o.runName();
        EpochGrids grids = new EpochGrids(o.outDir, name, () -> Gans.generate(gan, fixedZ, fixedLabels), 8, -1f, 1f);
        int scored = Math.min(o.scoreImages, data.xTest().dim(0) / 2);
        FrechetDistance.Gaussian reference = features.fit(data.xTest().narrow(0, 0, scored));
        List<Double> byEpoch = new ArrayList<>();
        double[] scoring = new double[2]; // wall and CPU seconds spent scoring during training
        GameLoop loop = new GameLoop(gan.players()).epochs(o.epochs).batchSize(o.batchSize)
                .stepsPerEpoch(o.stepsPerEpoch).callbacks(grids).progress(o.out, true);
        if (o.scoreEachEpoch) {
            byEpoch.add(generatedDistance(gan, features, reference, scored));
            loop.callbacks(new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    long s0 = System.nanoTime();
                    double c0 = ProcessCpu.seconds();
                    byEpoch.add(generatedDistance(gan, features, reference, scored));
                    scoring[0] += (System.nanoTime() - s0) / 1e9;
                    scoring[1] += ProcessCpu.seconds() - c0;
                }
            });
        }
        o.callbacks.forEach(loop::callbacks);
        long t0 = System.nanoTime();
        double cpu0 = ProcessCpu.seconds();
        History history = loop.fit(images, labels, gan::step);
        double seconds = (System.nanoTime() - t0) / 1e9 - scoring[0];
        double cpu = ProcessCpu.seconds() - cpu0 - scoring[1];
        long steps = (long) history.epochs().size()
                * Math.min(o.stepsPerEpoch > 0 ? o.stepsPerEpoch : Integer.MAX_VALUE, images.dim(0) / o.batchSize);

        Path samples = o.outDir.resolve(name + "-samples.png");
        ImageGrid.write(Gans.generate(gan, fixedZ, fixedLabels), 8, -1f, 1f, samples);
        Path curves = o.outDir.resolve(name + "-curves.png");
        LearningCurves.write(history.history(), name + " on Fashion-MNIST", curves);

        Scores s = score(features, reference, data.xTest(), Gans.sample(gan, scored, 250), scored);
        Result r = new Result(o.kind, data.source(), o.epochs, steps, seconds, cpu, history, s.generated, s.noise,
                s.real, List.copyOf(byEpoch), grids.written(), samples, curves);
        if (o.out != null) {
            o.out.println(r.summary());
        }
        return r;
    }

    /** The three Fréchet distances to the first half of the test set. */
    record Scores(double generated, double noise, double real) {
    }

    /**
     * Scores {@code generated} images (in [0, 1]) against the first {@code n} test images, next to
     * {@code n} uniform noise images and the next {@code n} test images.
     */
    static Scores score(FashionFeatures features, Tensor xTest, Tensor generated, int n) {
        int m = Math.min(n, xTest.dim(0) / 2);
        return score(features, features.fit(xTest.narrow(0, 0, m)), xTest, generated, m);
    }

    /** The same with the reference Gaussian of the first {@code m} test images already fitted. */
    static Scores score(FashionFeatures features, FrechetDistance.Gaussian reference, Tensor xTest, Tensor generated,
                        int m) {
        Tensor noise;
        try (NoGrad ignored = NoGrad.scope()) {
            noise = Tensor.uniform(Cambium.rng(), 0f, 1f, m, 28, 28, 1);
        }
        return new Scores(FrechetDistance.between(features.fit(generated), reference),
                FrechetDistance.between(features.fit(noise), reference),
                FrechetDistance.between(features.fit(xTest.narrow(0, m, m)), reference));
    }

    /** The distance of {@code n} freshly generated images to the reference. */
    private static double generatedDistance(GanRecipe gan, FashionFeatures features, FrechetDistance.Gaussian reference,
                                            int n) {
        return FrechetDistance.between(features.fit(Gans.sample(gan, n, 250)), reference);
    }

    /** Class r in row r, {@code cols} times. */
    private static Tensor rowLabels(int rows, int cols) {
        float[] y = new float[rows * cols];
        for (int i = 0; i < y.length; i++) {
            y[i] = i / cols;
        }
        return new Tensor(y, y.length);
    }

    private static io.cambium.nn.optimizers.Adam adam(double lr, double b1, double b2) {
        return new io.cambium.nn.optimizers.Adam(lr).betas(b1, b2);
    }
}
