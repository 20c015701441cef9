package io.cambium.zoo.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import io.cambium.zoo.metrics.FashionFeatures;
import io.cambium.zoo.training.GameLoop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Short seeded GAN runs on the embedded Fashion-MNIST subset, with small networks: the outcome
 * (the Fréchet distance of samples to real images in the shipped feature space) must improve by a
 * wide margin over the untrained generator's.
 */
class GanTrainingTest {
    private static FashionMnist.Data data;
    private static FashionFeatures features;

    @BeforeAll
    static void load() {
        data = FashionMnist.loadEmbedded();
        features = FashionFeatures.shipped();
    }

    private static double score(GanRecipe gan) {
        return features.frechetDistance(Gans.sample(gan, 500, 250), data.xTest());
    }

    @Test
    void dcganLearnsGarmentStatistics() {
        Cambium.seed(7);
        Dcgan gan = Dcgan.create(32, 8, 0);
        double before = score(gan);
        History h = new GameLoop(gan.players()).epochs(8).batchSize(32).progress(null, false)
                .fit(Gans.toTanhRange(data.xTrain()), null, gan::step);
        double after = score(gan);
        assertThat(h.history().keySet()).containsExactly("d_loss", "d_real", "d_fake", "g_loss");
        // The discriminator tells real from fake better than chance while the generator catches up.
        assertThat(h.last("d_real")).isGreaterThan(h.last("d_fake"));
        // About 214 -> 60 on this seed (uniform noise images score about 170).
        assertThat(after).as("FD before %.1f, after %.1f", before, after).isLessThan(0.4 * before);
    }

    @Test
    void conditionalDcganUsesItsLabels() {
        Cambium.seed(8);
        Dcgan gan = Dcgan.create(16, 8, 10);
        Tensor labels = Gans.oneHot(data.yTrain(), 10);
        new GameLoop(gan.players()).epochs(1).batchSize(32).stepsPerEpoch(20).progress(null, false)
                .fit(Gans.toTanhRange(data.xTrain()), labels, gan::step);
        Tensor z = gan.latent(4);
        Tensor a = Gans.generate(gan, z, Gans.oneHot(Tensor.of(new float[] {0, 0, 0, 0}), 10));
        Tensor b = Gans.generate(gan, z, Gans.oneHot(Tensor.of(new float[] {8, 8, 8, 8}), 10));
        assertThat(a.shape()).containsExactly(4, 28, 28, 1);
        assertThat(a.sub(b).abs().mean().item()).isGreaterThan(1e-3f);
        assertThatThrownBy(() -> Gans.generate(gan, z, null)).hasMessageContaining("needs one-hot labels");
    }

    @Test
    void wganGpTrainsTheCriticEveryBatchAndTheGeneratorEveryNCritic() {
        Cambium.seed(9);
        WganGp gan = WganGp.create(32, 16, 0).nCritic(2).optimizers(WganGp.paperAdam(3e-4), WganGp.paperAdam(3e-4));
        double before = score(gan);
        float[] g0 = gan.generator().trainableVariables().get(0).value().toArray();
        int[] generatorSteps = {0};
        History h = new GameLoop(gan.players()).epochs(8).batchSize(32).progress(null, false)
                .fit(Gans.toTanhRange(data.xTrain()), null, (x, y, step) -> {
                    float[] w = gan.generator().trainableVariables().get(0).value().toArray();
                    gan.step(x, y, step);
                    if (!java.util.Arrays.equals(w, gan.generator().trainableVariables().get(0).value().toArray())) {
                        generatorSteps[0]++;
                    }
                });
        double after = score(gan);
        assertThat(generatorSteps[0]).isEqualTo(8 * (2000 / 32) / 2);
        assertThat(gan.generator().trainableVariables().get(0).value().toArray()).isNotEqualTo(g0);
        assertThat(h.history().keySet()).containsExactly("c_loss", "c_gp", "c_wdist", "g_loss");
        // The critic separates real from generated images (a positive Wasserstein estimate) and its
        // gradient penalty stays bounded.
        assertThat(h.last("c_wdist")).isPositive();
        assertThat(h.last("c_gp")).isBetween(0.0, 10.0);
        // About 214 -> 111 on this seed: WGAN-GP moves slower than DCGAN at first.
        assertThat(after).as("FD before %.1f, after %.1f", before, after).isLessThan(0.7 * before);
    }

    @Test
    void conditionalWganGpDifferentiatesThePenaltyThroughTheLabelBranch() {
        Cambium.seed(10);
        WganGp gan = WganGp.create(8, 4, 10).nCritic(1);
        Tensor labels = Gans.oneHot(data.yTrain().narrow(0, 0, 8), 10);
        Tensor real = Gans.toTanhRange(data.xTrain().narrow(0, 0, 8));
        Tensor fake = Gans.generate(gan, gan.latent(8), labels);
        Tensor alpha = GradientPenalty.interpolationWeights(Cambium.rng(), real);
        Tensor penalty = GradientPenalty.compute(x -> gan.critic().applyAll(java.util.List.of(x, labels), true).get(0),
                real, fake, alpha, 10f);
        // The label plane is concatenated to the image as a second channel: the penalty's gradient
        // reaches the first convolution's kernel through the concatenation's recorded backward.
        Tensor kernel = gan.critic().trainableVariables().stream().map(v -> v.value())
                .filter(v -> v.rank() == 4 && v.dim(2) == 2).findFirst().orElseThrow();
        Tensor g = io.cambium.tensor.autograd.Autograd.grad(penalty, false, kernel)[0];
        assertThat(g.abs().sum().item()).isPositive();
        History h = new GameLoop(gan.players()).epochs(1).batchSize(16).stepsPerEpoch(2).progress(null, false)
                .fit(Gans.toTanhRange(data.xTrain()), Gans.oneHot(data.yTrain(), 10), gan::step);
        assertThat(h.last("c_gp")).isFinite().isPositive();
    }

    @Test
    void saturatingLossGivesAVanishingGeneratorGradient() {
        // About D(G(z)) = 0.04 and a 25x larger non-saturating gradient on this seed.
        var s = io.cambium.zoo.experiments.Q34GanDesign.saturation(data.xTrain(), 5, 120, 16);
        assertThat(s.meanFakeProbability()).isLessThan(0.2);
        assertThat(s.ratio()).isGreaterThan(5);
    }
}
