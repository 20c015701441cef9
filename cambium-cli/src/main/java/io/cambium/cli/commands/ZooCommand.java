package io.cambium.cli.commands;

import io.cambium.Cambium;
import io.cambium.cli.Main;
import io.cambium.cli.UserError;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.zoo.experiments.GanExperiment;
import io.cambium.zoo.experiments.VaeExperiment;
import io.cambium.zoo.metrics.FashionFeatures;
import io.cambium.zoo.experiments.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cambium zoo}: the ready models of cambium-zoo, trained and measured on Fashion-MNIST. */
@Command(name = "zoo", mixinStandardHelpOptions = true,
        description = "Ready models trained and measured on Fashion-MNIST: GANs, VAEs, and the classifier behind"
                + " their Fréchet score.",
        subcommands = {ZooCommand.Gan.class, ZooCommand.Vae.class, ZooCommand.Features.class})
public final class ZooCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Loads Fashion-MNIST, saying which copy. */
    static FashionMnist.Data data(boolean subset, PrintWriter out) {
        FashionMnist.Data d = subset ? FashionMnist.loadEmbedded() : FashionMnist.load();
        out.println("Data: Fashion-MNIST from " + d.source() + " (" + d.xTrain().dim(0) + " training, "
                + d.xTest().dim(0) + " test images)");
        out.flush();
        return d;
    }

    /** The feature network: the shipped weights, or a file. */
    static FashionFeatures features(Path file) {
        if (file == null) {
            return FashionFeatures.shipped();
        }
        try {
            return FashionFeatures.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feature network " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code cambium zoo gan}. */
    @Command(name = "gan", mixinStandardHelpOptions = true,
            description = "Train a GAN on Fashion-MNIST with a fixed seed; write a sample grid per epoch, the final grid"
                    + " and the learning curves; report the Fréchet distance (Fashion-MNIST classifier features, not"
                    + " Inception's FID) of its samples, of noise and of real images to real test images.")
    public static final class Gan implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RunSettings run;

        @Option(names = {"-m", "--model"}, defaultValue = "dcgan",
                description = "dcgan, cdcgan (conditional) or wgan-gp (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = {"-e", "--epochs"}, defaultValue = "4", description = "Epochs (default ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--latent", defaultValue = "100", description = "Latent values (default ${DEFAULT-VALUE}).")
        int latent;

        @Option(names = "--filters", defaultValue = "64",
                description = "Filters of the first discriminator layer (default ${DEFAULT-VALUE}).")
        int filters;

        @Option(names = "--lr", description = "Learning rate of both optimizers (default 2e-4 for DCGAN, 1e-4 for WGAN-GP).")
        Double lr;

        @Option(names = "--n-critic", defaultValue = "5", description = "WGAN-GP critic steps per generator step"
                + " (default ${DEFAULT-VALUE}).")
        int nCritic;

        @Option(names = "--label-smoothing", defaultValue = "0.1",
                description = "DCGAN one-sided label smoothing (default ${DEFAULT-VALUE}).")
        double labelSmoothing;


        @Option(names = "--steps-per-epoch", description = "At most N batches per epoch.")
        Integer stepsPerEpoch;

        @Option(names = "--score-images", defaultValue = "5000",
                description = "Images per set in the Fréchet distances (default ${DEFAULT-VALUE}).")
        int scoreImages;

        @Option(names = "--features", description = "A feature network trained by 'cambium zoo features' (default: the"
                + " weights shipped with Cambium).")
        Path featuresFile;


        @Option(names = "--output-dir", defaultValue = "cambium-output/gan",
                description = "Where the PNGs go (default ${DEFAULT-VALUE}).")
        Path outputDir;

        @Override
        public Integer call() {
            GanExperiment.Kind kind = switch (model.toLowerCase(Locale.ROOT)) {
                case "dcgan" -> GanExperiment.Kind.DCGAN;
                case "cdcgan", "conditional-dcgan" -> GanExperiment.Kind.CONDITIONAL_DCGAN;
                case "wgan-gp", "wgangp" -> GanExperiment.Kind.WGAN_GP;
                default -> throw new UserError("unknown GAN '" + model + "': use dcgan, cdcgan or wgan-gp");
            };
            positive("--epochs", epochs);
            positive("--batch-size", batchSize);
            positive("--latent", latent);
            positive("--filters", filters);
            positive("--n-critic", nCritic);
            positive("--score-images", scoreImages - 1);
            PrintWriter out = spec.commandLine().getOut();
            FashionFeatures features = features(featuresFile);
            FashionMnist.Data d = data(run.subset, out);
            GanExperiment.Options o = run.applyTo(new GanExperiment.Options().kind(kind).epochs(epochs)
                    .batchSize(batchSize).size(latent, filters).nCritic(nCritic).labelSmoothing(labelSmoothing)
                    .scoreImages(scoreImages).outDir(outputDir).out(Main.printStream(out)));
            if (lr != null) {
                o.learningRate(lr);
            }
            if (stepsPerEpoch != null) {
                o.stepsPerEpoch(stepsPerEpoch);
            }
            GanExperiment.Result r = GanExperiment.run(o, d, features);
            out.println("Samples: " + r.samples() + " (one grid per epoch: " + outputDir.resolve(kind.cliName()
                    + "-epoch-NNN.png") + ")");
            out.println("Curves: " + r.curves());
            out.flush();
            return 0;
        }
    }

    /** {@code cambium zoo vae}. */
    @Command(name = "vae", mixinStandardHelpOptions = true,
            description = "Train a VAE on Fashion-MNIST with a fixed seed; report the test-set ELBO per epoch; write"
                    + " reconstructions, interpolations, prior samples (and the 2-D manifold) as PNGs.")
    public static final class Vae implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RunSettings run;

        @Option(names = {"-m", "--model"}, defaultValue = "conv", description = "conv or dense (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--latent", defaultValue = "16", description = "Latent values (default ${DEFAULT-VALUE}).")
        int latent;

        @Option(names = "--hidden", defaultValue = "512", description = "Hidden units of the dense VAE"
                + " (default ${DEFAULT-VALUE}).")
        int hidden;

        @Option(names = "--beta", defaultValue = "1", description = "Weight of the KL term (default ${DEFAULT-VALUE};"
                + " above 1: a beta-VAE).")
        double beta;

        @Option(names = {"-e", "--epochs"}, defaultValue = "10", description = "Epochs (default ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batchSize;


        @Option(names = "--score", description = "Also report the Fréchet distance of prior samples (shipped feature network).")
        boolean score;


        @Option(names = "--output-dir", defaultValue = "cambium-output/vae",
                description = "Where the PNGs go (default ${DEFAULT-VALUE}).")
        Path outputDir;

        @Override
        public Integer call() {
            boolean conv = switch (model.toLowerCase(Locale.ROOT)) {
                case "conv", "convolutional" -> true;
                case "dense" -> false;
                default -> throw new UserError("unknown VAE '" + model + "': use conv or dense");
            };
            positive("--latent", latent);
            positive("--hidden", hidden);
            positive("--epochs", epochs);
            positive("--batch-size", batchSize);
            if (!(beta >= 0)) {
                throw new UserError("--beta must not be negative, got " + beta);
            }
            PrintWriter out = spec.commandLine().getOut();
            FashionMnist.Data d = data(run.subset, out);
            VaeExperiment.Options o = run.applyTo(new VaeExperiment.Options().convolutional(conv).latentDim(latent)
                    .hidden(hidden).beta(beta).epochs(epochs).batchSize(batchSize).outDir(outputDir, null)
                    .out(Main.printStream(out)));
            VaeExperiment.Result r = VaeExperiment.run(o, d, score ? FashionFeatures.shipped() : null);
            out.println("Test ELBO per epoch (nats per image): " + r.testElbo().stream()
                    .map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
            out.println("Reconstructions: " + r.reconstructions());
            out.println("Interpolations: " + r.interpolations());
            out.println("Prior samples: " + r.samples());
            if (r.manifold() != null) {
                out.println("Latent manifold: " + r.manifold());
            }
            out.println("Curves: " + r.curves());
            out.flush();
            return 0;
        }
    }

    /** {@code cambium zoo features}: the reproducible training of the shipped feature network. */
    @Command(name = "features", mixinStandardHelpOptions = true,
            description = "Train the Fashion-MNIST classifier whose features the GAN/VAE Fréchet score uses (the shipped"
                    + " weights come from the defaults) and write its weights (safetensors).")
    public static final class Features implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-e", "--epochs"}, defaultValue = "3", description = "Epochs (default ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = {"-o", "--output"}, defaultValue = "cambium-output/fashion-features.safetensors",
                description = "The weights file (default ${DEFAULT-VALUE}).")
        Path output;

        @Option(names = "--subset", description = "Use the embedded 2,000/500-image subset.")
        boolean subset;

        @Override
        public Integer call() throws IOException {
            positive("--epochs", epochs);
            PrintWriter out = spec.commandLine().getOut();
            FashionMnist.Data d = data(subset, out);
            PrintStream ps = Main.printStream(out);
            FashionFeatures f = FashionFeatures.train(d.xTrain(), d.yTrain(), epochs, seed, ps);
            double acc = f.accuracy(d.xTest(), d.yTest());
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            f.save(output);
            out.printf(Locale.ROOT, "Test accuracy %.4f; weights written to %s (seed %d, %d epochs, Cambium threads %d)%n",
                    acc, output, seed, epochs, Cambium.threads());
            out.flush();
            return 0;
        }
    }

    /** The options every training subcommand shares. */
    static final class RunSettings {
        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--subset", description = "Use the embedded 2,000/500-image subset.")
        boolean subset;

        @Option(names = "--train-images", description = "Train on the first N training images only.")
        Integer trainImages;

        <T extends RunOptions<T>> T applyTo(T options) {
            options.seed(seed);
            if (trainImages != null) {
                positive("--train-images", trainImages);
                options.trainImages(trainImages);
            }
            return options;
        }
    }

    static void positive(String option, int value) {
        if (value < 1) {
            throw new UserError(option + " must be positive, got " + value);
        }
    }
}
