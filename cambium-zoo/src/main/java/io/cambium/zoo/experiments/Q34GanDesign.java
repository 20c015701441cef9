package io.cambium.zoo.experiments;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.nn.Model;
import io.cambium.nn.optimizers.Adam;
import io.cambium.zoo.generative.GanArchitectures;
import io.cambium.zoo.training.Player;
import io.cambium.zoo.generative.GanLosses;
import io.cambium.zoo.generative.Gans;
import io.cambium.zoo.metrics.FashionFeatures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Seed question 34 (GAN design): the generator upsamples with stride-2 {@code Conv2DTranspose}
 * layers, the losses are binary cross-entropy (DCGAN) or the Wasserstein critic with a gradient
 * penalty (WGAN-GP), and the choice is about training stability. Measured here: (1) why the
 * generator's loss is non-saturating: after the discriminator has learned to reject a fixed
 * generator's samples, the minimax loss {@code log(1 - D(G(z)))} gives the generator a gradient
 * orders of magnitude smaller than {@code -log D(G(z))}; (2) design variants trained with the same
 * budget ({@link #variants}): the DCGAN recipe, the DCGAN without one-sided label smoothing, the
 * DCGAN with a five times larger learning rate, and WGAN-GP, with their Fréchet distances per
 * epoch and learning curves.
 */
public final class Q34GanDesign {
    private Q34GanDesign() {
    }

    /**
     * The generator's gradient under both losses once the discriminator wins.
     *
     * @param discriminatorSteps discriminator updates against the fixed initial generator
     * @param meanFakeProbability the mean D(G(z)) after them
     * @param minimaxGradientNorm the global norm of the generator's gradient of log(1 - D(G(z)))
     * @param nonSaturatingGradientNorm the same for -log D(G(z))
     */
    public record Saturation(int discriminatorSteps, double meanFakeProbability, double minimaxGradientNorm,
                             double nonSaturatingGradientNorm) {
        /** How many times larger the non-saturating gradient is. */
        public double ratio() {
            return nonSaturatingGradientNorm / minimaxGradientNorm;
        }
    }

    /**
     * One design to train: its name (the PNG prefix), what it changes against the DCGAN recipe,
     * and its run settings.
     */
    public record Variant(String name, String change, GanExperiment.Options options) {
    }

    /** A variant and what its run measured. */
    public record Run(Variant variant, GanExperiment.Result result) {
    }

    /** Both parts of the experiment. */
    public record Result(Saturation saturation, List<Run> runs) {
        /** The run of the variant named {@code name}. */
        public Run run(String name) {
            for (Run r : runs) {
                if (r.variant().name().equals(name)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("Q34: no run named '" + name + "' in " + runs.stream()
                    .map(r -> r.variant().name()).toList());
        }

        /** A short report. */
        public String summary() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "after %d discriminator steps D(G(z)) = %.4f;"
                    + " generator gradient norm: minimax %.3e, non-saturating %.3e (%.0fx)",
                    saturation.discriminatorSteps(), saturation.meanFakeProbability(),
                    saturation.minimaxGradientNorm(), saturation.nonSaturatingGradientNorm(), saturation.ratio()));
            for (Run r : runs) {
                sb.append(System.lineSeparator()).append(r.variant().name()).append(": ").append(r.result().summary());
            }
            return sb.toString();
        }
    }

    /** The variant names: the DCGAN recipe, without label smoothing, at learning rate 1e-3, WGAN-GP. */
    public static final String DCGAN = "dcgan";
    /** The DCGAN without one-sided label smoothing. */
    public static final String NO_SMOOTHING = "dcgan-no-smoothing";
    /** The DCGAN with both Adam learning rates at 1e-3 (the recipe's 2e-4 times five). */
    public static final String HIGH_LR = "dcgan-lr1e-3";
    /** WGAN-GP. */
    public static final String WGAN_GP = "wgan-gp";

    /**
     * The designs compared with this budget, all with the same number of batches: QUICK trains the
     * DCGAN recipe and WGAN-GP (the half-width networks, 2 epochs of 32 batches of 32); STANDARD and
     * FULL all four variants (STANDARD: the half-width networks, 4 epochs of 200 batches of 32,
     * scored on 2,000 images after every epoch; FULL: {@link Q09Gan#options Q09's FULL settings}).
     */
    public static List<Variant> variants(Budget budget) {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant(DCGAN, "the DCGAN recipe: BCE, Adam 2e-4 (beta1 0.5), real target 0.9, one D step per G step",
                options(GanExperiment.Kind.DCGAN, budget).name(DCGAN)));
        if (budget != Budget.QUICK) {
            v.add(new Variant(NO_SMOOTHING, "no label smoothing (real target 1)",
                    options(GanExperiment.Kind.DCGAN, budget).labelSmoothing(0).name(NO_SMOOTHING)));
            v.add(new Variant(HIGH_LR, "both learning rates 1e-3", options(GanExperiment.Kind.DCGAN, budget)
                    .learningRate(1e-3).name(HIGH_LR)));
        }
        v.add(new Variant(WGAN_GP, "Wasserstein critic with gradient penalty 10, 5 critic steps per generator step, "
                + "Adam 2e-4 (beta 0, 0.9), no BatchNorm in the critic",
                options(GanExperiment.Kind.WGAN_GP, budget).name(WGAN_GP)));
        return v;
    }

    private static GanExperiment.Options options(GanExperiment.Kind kind, Budget budget) {
        return switch (budget) {
            case QUICK -> Q09Gan.options(kind, Budget.QUICK).epochs(2).stepsPerEpoch(32);
            case STANDARD -> Q09Gan.options(kind, Budget.QUICK).epochs(4).stepsPerEpoch(200).scoreImages(2000);
            case FULL -> Q09Gan.options(kind, Budget.FULL);
        };
    }

    /** Runs both parts with this budget. */
    public static Result run(Budget budget, Path outDir, PrintStream out) {
        return run(budget, outDir, out, FashionMnist.load(), FashionFeatures.shipped());
    }

    /** The same on given data and feature network. */
    public static Result run(Budget budget, Path outDir, PrintStream out, FashionMnist.Data data,
                             FashionFeatures features) {
        return run(budget, data, features, o -> o.outDir(outDir).out(out));
    }

    /**
     * The same with {@code adjust} applied to every variant's options (seed, output, progress,
     * callbacks); the saturation measurement uses the adjusted seed and prints to the adjusted
     * output. The saturation is measured after 100 discriminator steps, of the half-width
     * discriminator on batches of 32 in QUICK, of the paper's width (64 filters) on batches of 64
     * otherwise.
     */
    public static Result run(Budget budget, FashionMnist.Data data, FashionFeatures features,
                             UnaryOperator<GanExperiment.Options> adjust) {
        List<Variant> variants = new ArrayList<>();
        for (Variant v : variants(budget)) {
            variants.add(new Variant(v.name(), v.change(), adjust.apply(v.options())));
        }
        GanExperiment.Options first = variants.get(0).options();
        PrintStream out = first.out;
        Saturation s = budget == Budget.QUICK ? saturation(data.xTrain(), first.seed, 100, 32, 32)
                : saturation(data.xTrain(), first.seed, 100, 64, 64);
        if (out != null) {
            out.printf(Locale.ROOT, "saturation: D(G(z)) = %.4f, minimax %.3e vs non-saturating %.3e%n",
                    s.meanFakeProbability(), s.minimaxGradientNorm(), s.nonSaturatingGradientNorm());
        }
        List<Run> runs = new ArrayList<>();
        for (Variant v : variants) {
            runs.add(new Run(v, GanExperiment.run(v.options(), data, features)));
        }
        return new Result(s, List.copyOf(runs));
    }

    /**
     * Trains a fresh discriminator ({@code filters} in its first layer; the DCGAN discriminator
     * without batch normalization, whose batch statistics would see batches of generated images
     * only) alone for {@code steps} batches of 64 real images against a fixed, untrained DCGAN
     * generator's samples, then measures the generator's gradient under the two losses on one batch
     * of 256 latent vectors.
     */
    public static Saturation saturation(Tensor images, long seed, int steps, int filters) {
        return saturation(images, seed, steps, filters, 64);
    }

    /** The same with batches of {@code batch} real and {@code batch} generated images. */
    public static Saturation saturation(Tensor images, long seed, int steps, int filters, int batch) {
        Cambium.seed(seed);
        Model generator = GanArchitectures.generator(100, filters, 0);
        Model discriminator = GanArchitectures.discriminator(filters, 0, false);
        Player d = new Player("d", discriminator, new Adam(2e-4).betas(0.5, 0.999));
        Tensor real = Gans.toTanhRange(images);
        for (int i = 0; i < steps; i++) {
            Tensor x = real.indexSelect(0, java.util.Arrays.copyOf(Cambium.rng().permutation(real.dim(0)), batch));
            Tensor fake;
            try (NoGrad ignored = NoGrad.scope()) {
                fake = generator.apply(Tensor.randn(batch, 100), true);
            }
            d.step(GanLosses.discriminator(discriminator.apply(x, true), discriminator.apply(fake, true), 0));
        }
        List<Variable> vars = generator.trainableVariables();
        Tensor[] params = vars.stream().map(Variable::value).toArray(Tensor[]::new);
        Tensor logits = discriminator.apply(generator.apply(Tensor.randn(256, 100), true), true);
        double p;
        try (NoGrad ignored = NoGrad.scope()) {
            p = logits.sigmoid().mean().item();
        }
        double minimax = norm(Autograd.grad(new Tensor[] {GanLosses.minimaxGenerator(logits)}, params, null, false,
                true, true));
        double nonSaturating = norm(Autograd.grad(new Tensor[] {GanLosses.nonSaturatingGenerator(logits)}, params,
                null, false, false, true));
        return new Saturation(steps, p, minimax, nonSaturating);
    }

    private static double norm(Tensor[] grads) {
        double s = 0;
        for (Tensor g : grads) {
            if (g != null) {
                for (float v : g.data()) {
                    s += (double) v * v;
                }
            }
        }
        return Math.sqrt(s);
    }
}
