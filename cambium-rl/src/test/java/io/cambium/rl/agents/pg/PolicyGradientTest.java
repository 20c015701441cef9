package io.cambium.rl.agents.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.rl.agents.Agents;
import io.cambium.rl.agents.TargetEnv;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.train.EvalCallback;
import io.cambium.rl.train.Evaluation;
import io.cambium.rl.train.Schedule;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyGradientTest {
    @TempDir
    Path dir;

    private static double cartPole(OnPolicyAgent<?> agent) {
        return Evaluation.evaluate(agent, Envs.factory("CartPole-v1"), 20, 1000, true).mean();
    }

    @Test
    void ppoWithZooSettingsLearnsCartPoleQuickly() {
        Ppo ppo = new Ppo("CartPole-v1").numEnvs(8).nSteps(32).batchSize(256).gaeLambda(0.8).gamma(0.98).nEpochs(20)
                .learningRate(Schedule.linear(1e-3)).clipRange(Schedule.linear(0.2)).seed(0);
        ppo.learn(12_000);
        assertThat(cartPole(ppo)).isGreaterThan(150);
        assertThat(ppo.updates()).isEqualTo(12_032 / 256 * 20);
        assertThat(ppo.log().metrics()).containsKeys("policy_loss", "value_loss", "entropy", "approx_kl",
                "clip_fraction", "explained_variance");
    }

    @Test
    void a2cAndReinforceLearnCartPole() {
        A2c a2c = new A2c("CartPole-v1").numEnvs(8).seed(0);
        a2c.learn(20_000);
        assertThat(cartPole(a2c)).isGreaterThan(200);
        Reinforce reinforce = new Reinforce("CartPole-v1").seed(0);
        reinforce.learn(20_000);
        assertThat(cartPole(reinforce)).isGreaterThan(150);
    }

    @Test
    void gaussianPoliciesLearnAContinuousTarget() {
        // The initial policy's deterministic return is about -1/3 (mean action 0 for x in [-1, 1]).
        Ppo ppo = new Ppo(TargetEnv::new).numEnvs(4).nSteps(64).batchSize(64).nEpochs(10).learningRate(3e-3)
                .gamma(0.9).seed(0);
        ppo.learn(4000);
        assertThat(Evaluation.evaluate(ppo, TargetEnv::new, 200, 7, true).mean()).isGreaterThan(-0.05);
        assertThat(ppo.actionStd()[0]).isLessThan(0.5f);
        A2c a2c = new A2c(TargetEnv::new).numEnvs(8).nSteps(8).learningRate(3e-3).seed(0);
        double untrained = Evaluation.evaluate(a2c, TargetEnv::new, 200, 7, true).mean();
        assertThat(untrained).isLessThan(-0.2);
        a2c.learn(8000);
        assertThat(Evaluation.evaluate(a2c, TargetEnv::new, 200, 7, true).mean()).isGreaterThan(-0.05);
        Reinforce r = new Reinforce(TargetEnv::new).episodesPerUpdate(32).learningRate(3e-3).seed(0);
        r.learn(4000);
        assertThat(Evaluation.evaluate(r, TargetEnv::new, 200, 7, true).mean()).isGreaterThan(-0.05);
        assertThat(r.actionStd()[0]).isLessThan(0.8f);
        Object a = ppo.act(new float[] {0.5f}, false);
        assertThat(a).isInstanceOf(float[].class);
        // Sampled actions are clipped to the action bounds before they reach the environment.
        Ppo wide = new Ppo(TargetEnv::new).logStdInit(3.0).seed(1);
        for (int i = 0; i < 50; i++) {
            assertThat(((float[]) wide.act(new float[] {0f}, false))[0]).isBetween(-2f, 2f);
        }
    }

    @Test
    void distributionsMatchTheirClosedForms() {
        ActorCritic cat = new ActorCritic(3, true, 3, new int[] {4}, new int[] {4}, "tanh", true, 0);
        Tensor logits = Tensor.of(new float[][] {{0.5f, -1f, 2f}, {0f, 0f, 0f}});
        try (var g = NoGrad.scope()) {
            Tensor lp = cat.logProb(logits, Tensor.of(new float[][] {{2}, {1}}));
            double z = Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
            assertThat(lp.get(0)).isCloseTo((float) (2 - Math.log(z)), within(1e-5f));
            assertThat(lp.get(1)).isCloseTo((float) -Math.log(3), within(1e-5f));
            double h0 = 0;
            for (double l : new double[] {0.5, -1, 2}) {
                double p = Math.exp(l) / z;
                h0 -= p * Math.log(p);
            }
            assertThat(cat.meanEntropy(logits).item()).isCloseTo((float) ((h0 + Math.log(3)) / 2), within(1e-5f));
        }
        ActorCritic gauss = new ActorCritic(2, false, 2, new int[] {4}, new int[] {4}, "tanh", true, -0.5);
        Tensor mean = Tensor.of(new float[][] {{0.1f, -0.2f}});
        try (var g = NoGrad.scope()) {
            Tensor lp = gauss.logProb(mean, Tensor.of(new float[][] {{0.4f, 0.3f}}));
            double s = Math.exp(-0.5);
            double expected = 0;
            for (double d : new double[] {0.3, 0.5}) {
                expected += -0.5 * (d / s) * (d / s) - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
            }
            assertThat(lp.item()).isCloseTo((float) expected, within(1e-5f));
            assertThat(gauss.meanEntropy(mean).item())
                    .isCloseTo((float) (2 * (0.5 + 0.5 * Math.log(2 * Math.PI) - 0.5)), within(1e-5f));
        }
    }

    @Test
    void saveAndLoadKeepPolicyNormalizationAndSchedules() throws Exception {
        Ppo ppo = new Ppo("Pendulum-v1").numEnvs(2).nSteps(256).batchSize(64).nEpochs(2).normalizeObservations(true)
                .normalizeRewards(true).learningRate(Schedule.linear(1e-3)).seed(5);
        ppo.learn(1024);
        Path file = dir.resolve("ppo.cambium");
        ppo.save(file);
        Ppo back = Ppo.load(file);
        float[] obs = {0.3f, -0.9f, 1.5f};
        assertThat((float[]) back.act(obs, true)).containsExactly((float[]) ppo.act(obs, true));
        assertThat(back.value(obs)).isEqualTo(ppo.value(obs));
        assertThat(back.config()).isEqualTo(ppo.config());
        assertThat(back.steps()).isEqualTo(1024);
        assertThat(AgentFile.load(file).state()).containsKeys("obs_rms", "ret_rms");
        assertThat(Agents.load(file)).isInstanceOf(Ppo.class);
        back.learn(512);
        assertThat(back.steps()).isEqualTo(1536);
        A2c a2c = new A2c("CartPole-v1").seed(1);
        a2c.learn(100);
        Path af = dir.resolve("a2c.cambium");
        a2c.save(af);
        assertThat(Agents.load(af)).isInstanceOf(A2c.class);
        assertThatThrownBy(() -> Ppo.load(af)).hasMessageContaining("holds a 'a2c' agent, not a PPO agent");
        Reinforce re = new Reinforce("CartPole-v1").seed(1);
        re.learn(100);
        Path rf = dir.resolve("re.cambium");
        re.save(rf);
        assertThat(((Reinforce) Agents.load(rf)).act(new float[4], true)).isEqualTo(re.act(new float[4], true));
    }

    @Test
    void evalCallbackRecordsEvaluationsAndStopsAtTheThreshold() {
        A2c a2c = new A2c("CartPole-v1").numEnvs(8).seed(2);
        EvalCallback cb = new EvalCallback(Envs.factory("CartPole-v1"), 400, 5, 100).threshold(40);
        a2c.learn(50_000, List.of(cb));
        assertThat(a2c.log().solvedStep()).isNotNull();
        assertThat(a2c.steps()).isEqualTo(a2c.log().solvedStep()).isLessThan(50_000);
        assertThat(a2c.log().evaluations()).isNotEmpty();
        assertThat(a2c.log().evaluations().get(a2c.log().evaluations().size() - 1).mean()).isGreaterThanOrEqualTo(40);
        long stoppedAt = a2c.steps();
        int episodes = a2c.log().episodes().size();
        a2c.learn(800);
        assertThat(a2c.steps()).isEqualTo(stoppedAt + 800);
        assertThat(a2c.log().episodes().size()).isGreaterThan(episodes);
        assertThatThrownBy(() -> new Ppo("CartPole-v1").nSteps(0)).hasMessageContaining("PPO: n_steps must be >= 1, got 0");
        assertThatThrownBy(() -> new Ppo("FrozenLake-v1")).hasMessageContaining("PPO needs a one-dimensional Box observation");
    }
}
