package io.cambium.zoo.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.zoo.training.GameLoop;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The VAE's pieces and short seeded training runs on the embedded Fashion-MNIST subset. */
class VaeTest {
    private static FashionMnist.Data data;

    @BeforeAll
    static void load() {
        data = FashionMnist.loadEmbedded();
    }

    @Test
    void samplingIsTheReparameterizationTrick() {
        Cambium.seed(1);
        Tensor mean = Tensor.full(2f, 20000, 1);
        Tensor logVar = Tensor.full((float) Math.log(0.25), 20000, 1);
        Tensor z = new Sampling().applyAll(List.of(mean, logVar), true).get(0);
        double m = z.mean().item();
        double var = z.sub((float) m).square().mean().item();
        assertThat(m).isCloseTo(2.0, within(0.01));
        assertThat(var).isCloseTo(0.25, within(0.01));
        // Differentiable in the mean and log-variance (the same noise on every call).
        GradCheck.of(in -> {
            Cambium.seed(2);
            return new Sampling().applyAll(List.of(in[0], in[1]), true).get(0);
        }).check(Tensor.normal(Cambium.rng(), 0f, 1f, 3, 2), Tensor.normal(Cambium.rng(), 0f, 1f, 3, 2));
        assertThatThrownBy(() -> new Sampling().applyAll(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), true))
                .hasMessageContaining("expects [mean, logVar] of equal shapes");
    }

    @Test
    void gaussianKlIsTheClosedForm() {
        Tensor mean = Tensor.of(new float[] {0f, 0f, 1f, -2f}, 2, 2);
        Tensor logVar = Tensor.of(new float[] {0f, 0f, (float) Math.log(2), 0f}, 2, 2);
        float[] kl = GaussianKl.perSample(mean, logVar).toArray();
        assertThat(kl[0]).isEqualTo(0f);
        // 0.5 * ((2 + 1 - 1 - ln 2) + (1 + 4 - 1 - 0))
        assertThat(kl[1]).isCloseTo((float) (0.5 * (2 - Math.log(2) + 4)), within(1e-6f));
    }

    @Test
    void denseVaeImprovesItsTestElboAndDecodes() {
        Cambium.seed(4);
        Vae vae = Vae.dense(128, 4);
        Tensor test = data.xTest();
        double before = vae.evaluate(test, 250).elbo();
        History h = new GameLoop(vae.players()).epochs(4).batchSize(64).progress(null, false)
                .fit(data.xTrain(), null, vae::step);
        Vae.Elbo after = vae.evaluate(test, 250);
        assertThat(h.history().keySet()).containsExactly("vae_loss", "vae_reconstruction", "vae_kl");
        // About -545 nats at the start (pixels at 1/2); a trained model explains the images far better.
        assertThat(before).isLessThan(-500);
        assertThat(after.elbo()).isGreaterThan(-330);
        assertThat(after.kl()).isPositive();
        assertThat(after.elbo()).isCloseTo(-(after.reconstruction() + after.kl()), within(1e-6));
        // Reconstructions are closer to their originals than prior samples are to them.
        Tensor originals = test.narrow(0, 0, 64);
        float reconstructionError = vae.reconstruct(originals).sub(originals).square().mean().item();
        float sampleError = vae.samplePrior(64).sub(originals).square().mean().item();
        assertThat(reconstructionError).isLessThan(0.7f * sampleError);
        Tensor path = vae.interpolate(test.narrow(0, 0, 1), test.narrow(0, 1, 1), 5);
        assertThat(path.shape()).containsExactly(5, 28, 28, 1);
        // The path's ends are the reconstructions of its ends.
        assertThat(path.narrow(0, 0, 1).sub(vae.reconstruct(test.narrow(0, 0, 1))).abs().max().item()).isLessThan(1e-6f);
        assertThatThrownBy(() -> vae.decode(Tensor.zeros(2, 3))).hasMessageContaining("codes must be [batch, 4]");
    }

    @Test
    void aLargerBetaBuysAPriorLikeCodeWithReconstruction() {
        Vae.Elbo[] results = new Vae.Elbo[2];
        double[] betas = {1, 8};
        for (int i = 0; i < 2; i++) {
            Cambium.seed(5);
            Vae vae = Vae.dense(128, 8).beta(betas[i]);
            new GameLoop(vae.players()).epochs(2).batchSize(64).progress(null, false)
                    .fit(data.xTrain(), null, vae::step);
            results[i] = vae.evaluate(data.xTest(), 250);
        }
        assertThat(results[1].kl()).isLessThan(0.7 * results[0].kl());
        assertThat(results[1].reconstruction()).isGreaterThan(results[0].reconstruction());
    }
}
