package io.cambium.rl.agents.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.nn.io.InvalidFileException;
import io.cambium.rl.agents.Agents;
import io.cambium.rl.agents.Policy;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.train.Evaluation;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DqnTest {
    @TempDir
    Path dir;

    /** A quick configuration: small network, an update per step, a target copy every 250 steps. */
    private static Dqn quick(long seed) {
        return new Dqn("CartPole-v1").netArch(64, 64).learningRate(1e-3).learningStarts(500).trainFreq(1)
                .gradientSteps(1).targetUpdateInterval(250).bufferSize(10_000).explorationFraction(0.3)
                .batchSize(64).seed(seed);
    }

    private static double randomReturn() {
        Rng r = new Rng(5);
        Policy<float[], Integer> random = (o, d) -> r.nextInt(2);
        return Evaluation.evaluate(random, Envs.factory("CartPole-v1"), 20, 1000, true).mean();
    }

    @Test
    void sixThousandStepsBeatARandomPolicyByAWideMargin() {
        Dqn dqn = quick(0);
        dqn.learn(6000);
        double learned = Evaluation.evaluate(dqn, Envs.factory("CartPole-v1"), 20, 1000, true).mean();
        double random = randomReturn();
        assertThat(random).isBetween(15.0, 35.0);
        assertThat(learned).as("greedy return after 6000 steps").isGreaterThan(random + 70);
        assertThat(dqn.steps()).isEqualTo(6000);
        assertThat(dqn.updates()).isEqualTo(6000 - 500);
        assertThat(dqn.explorationRate()).isEqualTo(0.05);
        assertThat(dqn.log().episodes()).isNotEmpty();
        assertThat(dqn.log().metrics()).containsKeys("loss", "exploration_rate");
    }

    @Test
    void doubleQWithDuelingHeadsAlsoLearns() {
        Dqn dqn = quick(1).doubleQ(true).dueling(true).tau(0.5).targetUpdateInterval(50);
        dqn.learn(6000);
        double learned = Evaluation.evaluate(dqn, Envs.factory("CartPole-v1"), 20, 1000, true).mean();
        assertThat(learned).isGreaterThan(randomReturn() + 50);
    }

    @Test
    void actionsAreGreedyWhenDeterministicAndExploreOtherwise() {
        Dqn dqn = quick(2);
        float[] obs = {0.01f, 0.2f, -0.03f, 0.1f};
        float[] q = dqn.qValues(obs);
        int greedy = q[0] >= q[1] ? 0 : 1;
        for (int i = 0; i < 20; i++) {
            assertThat(dqn.act(obs, true)).isEqualTo(greedy);
        }
        int other = 0;
        for (int i = 0; i < 400; i++) {
            other += dqn.act(obs, false) != greedy ? 1 : 0;
        }
        // ε = 1 before training: half of the random actions differ from the greedy one.
        assertThat(other).isBetween(160, 240);
    }

    @Test
    void saveAndLoadRestoreNetworksOptimizerReplayAndLog() throws Exception {
        Dqn dqn = quick(3);
        dqn.learn(1500);
        Path file = dir.resolve("dqn.cambium");
        dqn.save(file);
        Dqn back = Dqn.load(file);
        float[] obs = {0.02f, -0.1f, 0.05f, 0.3f};
        assertThat(back.qValues(obs)).containsExactly(dqn.qValues(obs));
        assertThat(back.steps()).isEqualTo(1500);
        assertThat(back.updates()).isEqualTo(dqn.updates());
        assertThat(back.explorationRate()).isEqualTo(dqn.explorationRate());
        assertThat(back.log().episodes()).isEqualTo(dqn.log().episodes());
        assertThat(back.config()).isEqualTo(dqn.config());
        AgentFile.Contents c = AgentFile.load(file);
        assertThat(c.tensors()).containsKeys("replay/obs", "replay/next_obs", "replay/actions", "replay/rewards",
                "replay/dones", "optimizer/iterations", "q/q_out/kernel", "target/q_target_out/kernel");
        assertThat(c.tensors().get("replay/obs").shape()).containsExactly(1500, 4);
        assertThat(Agents.load(file)).isInstanceOf(Dqn.class);
        back.learn(300);
        assertThat(back.steps()).isEqualTo(1800);
        Path noReplay = dir.resolve("small.cambium");
        dqn.saveReplayBuffer(false).save(noReplay);
        assertThat(Files.size(noReplay)).isLessThan(Files.size(file));
        assertThat(Dqn.load(noReplay).qValues(obs)).containsExactly(dqn.qValues(obs));
    }

    @Test
    void corruptOrMismatchedFilesAreRejectedWithTheFileName() throws Exception {
        Dqn dqn = quick(4);
        dqn.learn(600);
        Path file = dir.resolve("dqn.cambium");
        dqn.save(file);
        Path cut = dir.resolve("cut.cambium");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Dqn.load(cut)).isInstanceOf(InvalidFileException.class).hasMessageContaining("cut.cambium");
        AgentFile.Contents c = AgentFile.load(file);
        Map<String, Object> cfg = new LinkedHashMap<>(c.config());
        cfg.put("net_arch", new int[] {32});
        Path arch = dir.resolve("arch.cambium");
        AgentFile.save(arch, new AgentFile.Contents("dqn", "CartPole-v1", cfg, c.state(), c.tensors()));
        assertThatThrownBy(() -> Dqn.load(arch)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("arch.cambium").hasMessageContaining("weight 'q_0/kernel' has shape (4, 64), the model expects (4, 32)");
        cfg.put("net_arch", new int[] {64, 64});
        cfg.put("buffer_size", -5);
        Path bad = dir.resolve("bad.cambium");
        AgentFile.save(bad, new AgentFile.Contents("dqn", "CartPole-v1", cfg, c.state(), c.tensors()));
        assertThatThrownBy(() -> Dqn.load(bad)).hasMessageContaining("'buffer_size' must be an integer in [1, ");
        Map<String, Tensor> extra = new LinkedHashMap<>(c.tensors());
        extra.put("evil/x", Tensor.zeros(1));
        Path ex = dir.resolve("extra.cambium");
        AgentFile.save(ex, new AgentFile.Contents("dqn", "CartPole-v1", c.config(), c.state(), extra));
        assertThatThrownBy(() -> Dqn.load(ex)).hasMessageContaining("unexpected tensor 'evil/x'");
        Path other = dir.resolve("other.cambium");
        AgentFile.save(other, new AgentFile.Contents("ppo", "CartPole-v1", c.config(), c.state(), c.tensors()));
        assertThatThrownBy(() -> Dqn.load(other)).hasMessageContaining("holds a 'ppo' agent, not a DQN agent");
    }

    @Test
    void unsupportedSpacesAndLateOptionChangesAreRejected() {
        assertThatThrownBy(() -> new Dqn("Pendulum-v1"))
                .hasMessage("DQN needs a Discrete action space starting at 0; Pendulum-v1 has Box(-2.0, 2.0, (1,), float32)");
        assertThatThrownBy(() -> new Dqn("FrozenLake-v1")).hasMessageContaining("one-dimensional Box observation space");
        Dqn dqn = quick(0);
        dqn.act(new float[4], true);
        assertThatThrownBy(() -> dqn.netArch(8)).isInstanceOf(IllegalStateException.class).hasMessageContaining("net_arch");
        assertThatThrownBy(() -> dqn.gamma(1.5)).hasMessageContaining("gamma must be in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> dqn.act(new float[3], true)).hasMessageContaining("observation 0 has 3 values, expected 4");
    }
}
