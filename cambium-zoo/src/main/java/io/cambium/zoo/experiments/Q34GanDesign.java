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
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Seed question 34 (GAN design): the generator upsamples with stride-2 {@code Conv2DTranspose}
 * layers, the losses are binary cross-entropy (DCGAN) or the Wasserstein critic with a gradient
 * penalty (WGAN-GP), and the choice is about training stability. Measured here: (1) why the
 * generator's loss is non-saturating: after the discriminator has learned to reject a fixed
 * generator's samples, the minimax loss {@code log(1 - D(G(z)))} gives the generator a gradient
 * orders of magnitude smaller than {@code -log D(G(z))}; (2) DCGAN and WGAN-GP trained with the
 * same budget, with their Fréchet distances and learning curves.
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

    /** Both parts of the experiment. */
    public record Result(Saturation saturation, GanExperiment.Result dcgan, GanExperiment.Result wganGp) {
        /** A short report. */
        public String summary() {
            return String.format(Locale.ROOT, "after %d discriminator steps D(G(z)) = %.4f; generator gradient norm:"
                    + " minimax %.3e, non-saturating %.3e (%.0fx)%n%s%n%s", saturation.discriminatorSteps(),
                    saturation.meanFakeProbability(), saturation.minimaxGradientNorm(),
                    saturation.nonSaturatingGradientNorm(), saturation.ratio(), dcgan.summary(), wganGp.summary());
        }
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
     * The same with {@code adjust} applied to both GAN runs' {@link Q09Gan#options budget options}
     * (seed, output, progress, callbacks); the saturation measurement uses the adjusted seed and
     * prints to the adjusted output.
     */
    public static Result run(Budget budget, FashionMnist.Data data, FashionFeatures features,
                             UnaryOperator<GanExperiment.Options> adjust) {
        GanExperiment.Options dcgan = adjust.apply(Q09Gan.options(GanExperiment.Kind.DCGAN, budget));
        GanExperiment.Options wgan = adjust.apply(Q09Gan.options(GanExperiment.Kind.WGAN_GP, budget));
        PrintStream out = dcgan.out;
        Saturation s = saturation(data.xTrain(), dcgan.seed, budget == Budget.QUICK ? 50 : 100, 64);
        if (out != null) {
            out.printf(Locale.ROOT, "saturation: D(G(z)) = %.4f, minimax %.3e vs non-saturating %.3e%n",
                    s.meanFakeProbability(), s.minimaxGradientNorm(), s.nonSaturatingGradientNorm());
        }
        GanExperiment.Result d = GanExperiment.run(dcgan, data, features);
        GanExperiment.Result w = GanExperiment.run(wgan, data, features);
        return new Result(s, d, w);
    }

    /**
     * Trains a fresh discriminator ({@code filters} in its first layer; the DCGAN discriminator
     * without batch normalization, whose batch statistics would see batches of generated images
     * only) alone for {@code steps} batches of 64 real images against a fixed, untrained DCGAN
     * generator's samples, then measures the generator's gradient under the two losses on one batch
     * of 256 latent vectors.
     */
    public static Saturation saturation(Tensor images, long seed, int steps, int filters) {
        Cambium.seed(seed);
        Model generator = GanArchitectures.generator(100, filters, 0);
        Model discriminator = GanArchitectures.discriminator(filters, 0, false);
        Player d = new Player("d", discriminator, new Adam(2e-4).betas(0.5, 0.999));
        Tensor real = Gans.toTanhRange(images);
        for (int i = 0; i < steps; i++) {
            Tensor batch = real.indexSelect(0, java.util.Arrays.copyOf(Cambium.rng().permutation(real.dim(0)), 64));
            Tensor fake;
            try (NoGrad ignored = NoGrad.scope()) {
                fake = generator.apply(Tensor.randn(64, 100), true);
            }
            d.step(GanLosses.discriminator(discriminator.apply(batch, true), discriminator.apply(fake, true), 0));
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
