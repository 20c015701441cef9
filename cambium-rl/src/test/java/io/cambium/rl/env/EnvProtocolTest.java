package io.cambium.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.rl.envs.Acrobot;
import io.cambium.rl.envs.CartPole;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.envs.FrozenLake;
import io.cambium.rl.envs.MountainCar;
import io.cambium.rl.envs.Pendulum;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The episode protocol and action checks, with messages naming the environment and the value. */
class EnvProtocolTest {
    @SuppressWarnings("unchecked")
    private static Env<Object, Object> make(String id) {
        return (Env<Object, Object>) Envs.make(id);
    }

    @Test
    void stepBeforeResetFailsNamingTheEnvironment() {
        Env<Object, Object> env = make("CartPole-v1");
        assertThatThrownBy(() -> env.step(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("CartPole-v1: step(1) called before reset(); call reset() to start an episode");
    }

    @Test
    void stepAfterTerminationFailsUntilReset() {
        Env<Object, Object> env = make("CartPole-v1");
        env.reset(0);
        int steps = 0;
        Step<Object> s;
        do {
            s = env.step(1);
            steps++;
        } while (!s.done());
        assertThat(s.terminated()).isTrue();
        assertThat(env.needsReset()).isTrue();
        int n = steps;
        assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("CartPole-v1: step(0) called after the episode terminated at step " + n
                        + "; call reset() to start a new episode");
        env.reset();
        assertThat(env.step(0).done()).isFalse();
    }

    @Test
    void stepAfterTruncationFailsToo() {
        Env<Object, Object> env = make("Pendulum-v1");
        env.reset(3);
        for (int i = 0; i < 199; i++) {
            assertThat(env.step(new float[] {0f}).truncated()).isFalse();
        }
        Step<Object> last = env.step(new float[] {0f});
        assertThat(last.truncated()).isTrue();
        assertThat(last.terminated()).isFalse();
        assertThatThrownBy(() -> env.step(new float[] {0f})).hasMessageContaining("Pendulum-v1")
                .hasMessageContaining("was truncated at step 200");
    }

    @Test
    void actionsOutsideTheSpaceAreRejectedWithTheValue() {
        Env<Object, Object> cart = make("CartPole-v1");
        cart.reset(0);
        assertThatThrownBy(() -> cart.step(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CartPole-v1: action 2 is not in the action space Discrete(2)");
        assertThatThrownBy(() -> cart.step(-1)).hasMessageContaining("action -1");
        assertThatThrownBy(() -> cart.step("left")).hasMessage("CartPole-v1: action left (String) is not in the action space Discrete(2)");
        assertThatThrownBy(() -> cart.step(null)).hasMessageContaining("action null");
        Env<Object, Object> pendulum = make("Pendulum-v1");
        pendulum.reset(0);
        assertThatThrownBy(() -> pendulum.step(new float[] {2.5f}))
                .hasMessage("Pendulum-v1: action [2.5] is not in the action space Box(-2.0, 2.0, (1,), float32)");
        assertThatThrownBy(() -> pendulum.step(new float[] {Float.NaN})).hasMessageContaining("[NaN]");
        assertThatThrownBy(() -> pendulum.step(new float[] {0f, 0f})).hasMessageContaining("[0.0, 0.0]");
        Env<Object, Object> acrobot = make("Acrobot-v1");
        acrobot.reset(0);
        assertThatThrownBy(() -> acrobot.step(3)).hasMessageContaining("Acrobot-v1: action 3");
        // A rejected action leaves the episode running.
        assertThat(acrobot.step(1).done()).isFalse();
    }

    @Test
    void seedsAndResetOptionsAreValidated() {
        Env<Object, Object> env = make("MountainCar-v0");
        assertThatThrownBy(() -> env.reset(-3)).hasMessage("MountainCar-v0: the seed must be a non-negative integer, got -3");
        assertThatThrownBy(() -> env.reset(1L, Map.of("low", 0.1, "high", -0.1)))
                .hasMessageContaining("MountainCar-v0: reset option low = 0.1 is greater than high = -0.1");
        assertThatThrownBy(() -> env.reset(1L, Map.of("low", "x"))).hasMessageContaining("'low' must be a finite number");
    }

    @Test
    void seededResetsRepeatAndUnseededOnesContinueTheStream() {
        Env<Object, Object> a = make("CartPole-v1");
        float[] first = (float[]) a.reset(42).observation();
        float[] second = (float[]) a.reset().observation();
        float[] again = (float[]) a.reset(42).observation();
        assertThat(again).containsExactly(first);
        assertThat(second).isNotEqualTo(first);
        // Gymnasium: env.reset(seed=42) on CartPole-v1 gives these float32 values (NumPy's default_rng(42)).
        assertThat(first).containsExactly(0.027395604f, -0.006112156f, 0.035859793f, 0.019736802f);
    }

    @Test
    void timeLimitSetsBothFlagsWhenTheLastStepAlsoTerminates() {
        TimeLimit<Integer, Integer> lake = new TimeLimit<>(new FrozenLake(FrozenLake.MAP_4X4, false), 2);
        lake.reset(0);
        lake.step(2);
        // Right, then down from (0,1) reaches the hole at (1,1) on the second and last step.
        Step<Integer> s = lake.step(1);
        assertThat(s.terminated()).isTrue();
        assertThat(s.truncated()).isTrue();
        assertThatThrownBy(() -> new TimeLimit<>(new CartPole(), 0)).hasMessageContaining("CartPole-v1")
                .hasMessageContaining("max_episode_steps must be positive");
    }

    @Test
    void recordEpisodeStatisticsReportsReturnAndLengthOnTheLastStep() {
        RecordEpisodeStatistics<float[], Integer> env = new RecordEpisodeStatistics<>(new TimeLimit<>(new MountainCar(), 5));
        env.reset(0);
        Step<float[]> s = null;
        for (int i = 0; i < 5; i++) {
            s = env.step(1);
            if (i < 4) {
                assertThat(s.info()).doesNotContainKey("episode");
            }
        }
        assertThat(RecordEpisodeStatistics.episodeReturn(s.info())).isEqualTo(-5.0);
        assertThat(RecordEpisodeStatistics.episodeLength(s.info())).isEqualTo(5);
        assertThat(env.unwrapped()).isInstanceOf(MountainCar.class);
        assertThat(env.id()).isEqualTo("MountainCar-v0");
    }

    @Test
    void registryListsIdsAndRejectsUnknownOnes() {
        assertThat(Envs.ids()).contains("CartPole-v1", "MountainCar-v0", "Acrobot-v1", "Pendulum-v1", "FrozenLake-v1");
        assertThat(Envs.spec("CartPole-v1").maxEpisodeSteps()).isEqualTo(500);
        assertThat(Envs.spec("Acrobot-v1").rewardThreshold()).isEqualTo(-100.0);
        assertThatThrownBy(() -> Envs.make("CartPole-v0")).hasMessageStartingWith("unknown environment 'CartPole-v0' (known: ");
        assertThat(new Pendulum().id()).isEqualTo("Pendulum-v1");
        assertThat(new Acrobot().observationSpace().size()).isEqualTo(6);
    }

    @Test
    void frozenLakeTransitionsMatchGymnasiumsTable() {
        FrozenLake lake = new FrozenLake();
        var t = lake.transitions(0, 2);
        assertThat(t).hasSize(3);
        // Right from the start slips down (1), goes right (2) or up (3, staying put) with 1/3 each.
        assertThat(t.get(0).nextState()).isEqualTo(4);
        assertThat(t.get(1).nextState()).isEqualTo(1);
        assertThat(t.get(2).nextState()).isEqualTo(0);
        assertThat(t.get(1).probability()).isEqualTo(1.0 / 3.0);
        assertThat(lake.transitions(5, 0)).containsExactly(new FrozenLake.Transition(1.0, 5, 0, true));
        assertThat(lake.transitions(14, 2).get(1)).isEqualTo(new FrozenLake.Transition(1.0 / 3.0, 15, 1.0, true));
        assertThatThrownBy(() -> new FrozenLake(java.util.List.of("SFX"), true)).hasMessageContaining("tile 'X'");
        lake.reset(0);
        assertThat(lake.renderText()).contains("[S]FFF");
    }
}
