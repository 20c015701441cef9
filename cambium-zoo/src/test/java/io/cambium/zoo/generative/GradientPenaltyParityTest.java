package io.cambium.zoo.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One WGAN-GP critic step against PyTorch ({@code tools/fixtures/gen_wgan_gp.py}): the same critic
 * weights, batches and interpolation weights give the same gradient penalty (within 1e-4), the
 * same critic loss, and the same gradients of that loss with respect to every weight, which pass
 * through the penalty's second derivatives.
 */
class GradientPenaltyParityTest {
    private static final Fixtures.Case CASE = Fixtures.load("wgan_gp.json").get("critic_step");
    private static final String[] WEIGHTS = {"k1", "b1", "k2", "b2", "w3", "b3"};

    private static Model critic() {
        Model critic = GanArchitectures.discriminator(4, 0, false);
        critic.apply(CASE.tensor("real"), false);
        List<Variable> vars = critic.trainableVariables();
        assertThat(vars).hasSize(WEIGHTS.length);
        for (int i = 0; i < WEIGHTS.length; i++) {
            vars.get(i).assign(CASE.tensor(WEIGHTS[i]));
        }
        return critic;
    }

    @Test
    void penaltyLossAndWeightGradientsMatchPyTorch() {
        Model critic = critic();
        Tensor real = CASE.tensor("real");
        Tensor fake = CASE.tensor("fake");
        Tensor penalty = GradientPenalty.compute(critic, real, fake, CASE.tensor("alpha"), 10f);
        assertThat(penalty.item()).isCloseTo(CASE.tensor("penalty").item(), within(1e-4f));
        Tensor loss = GanLosses.wassersteinCritic(critic.apply(real, true), critic.apply(fake, true)).add(penalty);
        assertThat(loss.item()).isCloseTo(CASE.tensor("loss").item(), within(1e-4f));
        List<Variable> vars = critic.trainableVariables();
        Tensor[] params = vars.stream().map(Variable::value).toArray(Tensor[]::new);
        Tensor[] grads = Autograd.grad(new Tensor[] {loss}, params, null, false);
        for (int i = 0; i < WEIGHTS.length; i++) {
            Fixtures.assertClose("gradient of " + WEIGHTS[i], CASE.tensor("grad_" + WEIGHTS[i]), grads[i], 1e-3, 1e-5);
        }
    }

    @Test
    void penaltyIsZeroForACriticWithUnitGradientsAndWeighted() {
        // A linear critic x -> sum(x) / 28 has gradient norm exactly 1 at every point.
        Tensor real = CASE.tensor("real");
        Tensor fake = CASE.tensor("fake");
        Tensor alpha = CASE.tensor("alpha");
        Tensor zero = GradientPenalty.compute(x -> x.reshape(x.dim(0), -1).sum(1, true).mul(1f / 28f), real, fake,
                alpha, 10f);
        assertThat(zero.item()).isCloseTo(0f, within(1e-8f));
        // x -> 2 sum(x) / 28 has norm 2: penalty lambda * (2 - 1)^2.
        Tensor two = GradientPenalty.compute(x -> x.reshape(x.dim(0), -1).sum(1, true).mul(2f / 28f), real, fake,
                alpha, 3f);
        assertThat(two.item()).isCloseTo(3f, within(1e-5f));
    }
}
