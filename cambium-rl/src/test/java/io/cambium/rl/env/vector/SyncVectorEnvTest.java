package io.cambium.rl.env.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.rl.env.Env;
import io.cambium.rl.env.TimeLimit;
import io.cambium.rl.envs.CartPole;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.envs.MountainCar;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncVectorEnvTest {
    /** MountainCar with a 3-step limit: every episode ends on its third step. */
    private static Env<float[], Integer> shortCar() {
        return new TimeLimit<>(new MountainCar(), 3);
    }

    @Test
    void resetSeedsEachSubEnvironmentWithSeedPlusIndex() {
        SyncVectorEnv<float[], Integer> v = new SyncVectorEnv<>(CartPole::new, 3);
        VectorReset<float[]> r = v.reset(7L);
        for (int i = 0; i < 3; i++) {
            float[] alone = new CartPole().reset(7 + i).observation();
            assertThat(r.observations().get(i)).containsExactly(alone);
        }
        assertThat(v.numEnvs()).isEqualTo(3);
        assertThat(v.id()).isEqualTo("CartPole-v1");
    }

    @Test
    void nextStepModeResetsOnTheFollowingStepWithZeroRewardAndNoFlags() {
        SyncVectorEnv<float[], Integer> v = new SyncVectorEnv<>(SyncVectorEnvTest::shortCar, 2);
        assertThat(v.autoresetMode()).isEqualTo(AutoresetMode.NEXT_STEP);
        v.reset(0L);
        VectorStep<float[]> s = null;
        for (int t = 0; t < 3; t++) {
            s = v.step(List.of(1, 1));
        }
        assertThat(s.truncated()).containsExactly(true, true);
        float[] ended = s.observations().get(0);
        VectorStep<float[]> next = v.step(List.of(2, 2));
        assertThat(next.rewards()).containsExactly(0.0, 0.0);
        assertThat(next.terminated()).containsExactly(false, false);
        assertThat(next.truncated()).containsExactly(false, false);
        assertThat(next.observations().get(0)).isNotEqualTo(ended);
        // The reset observation has velocity 0 (the ignored action 2 was not applied).
        assertThat(next.observations().get(0)[1]).isEqualTo(0f);
        assertThat(v.step(List.of(1, 1)).rewards()).containsExactly(-1.0, -1.0);
    }

    @Test
    void sameStepModeResetsAtOnceAndKeepsTheFinalObservation() {
        SyncVectorEnv<float[], Integer> v = new SyncVectorEnv<>(SyncVectorEnvTest::shortCar, 2, AutoresetMode.SAME_STEP);
        v.reset(0L);
        v.step(List.of(1, 1));
        v.step(List.of(1, 1));
        VectorStep<float[]> s = v.step(List.of(1, 1));
        assertThat(s.truncated()).containsExactly(true, true);
        Map<String, Object> info = s.infos().get(1);
        assertThat(info).containsKeys(SyncVectorEnv.FINAL_OBS, SyncVectorEnv.FINAL_INFO);
        float[] fin = (float[]) info.get(SyncVectorEnv.FINAL_OBS);
        assertThat(fin[1]).isNotEqualTo(0f);
        assertThat(s.observations().get(1)[1]).isEqualTo(0f);
        assertThat(s.rewards()).containsExactly(-1.0, -1.0);
    }

    @Test
    void disabledModeRequiresAMaskedResetAndNamesTheSubEnvironment() {
        SyncVectorEnv<float[], Integer> v = new SyncVectorEnv<>(SyncVectorEnvTest::shortCar, 2, AutoresetMode.DISABLED);
        v.reset(0L);
        for (int t = 0; t < 3; t++) {
            v.step(List.of(1, 1));
        }
        assertThatThrownBy(() -> v.step(List.of(1, 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sub-environment 0: MountainCar-v0: step(1) called after the episode was truncated");
        VectorReset<float[]> r = v.reset(null, new boolean[] {true, false});
        assertThat(r.observations().get(0)).isNotNull();
        assertThat(r.observations().get(1)).isNull();
        v.reset(null, new boolean[] {false, true});
        assertThat(v.step(List.of(1, 1)).rewards()).containsExactly(-1.0, -1.0);
    }

    @Test
    void badCallsAreRejected() {
        SyncVectorEnv<float[], Integer> v = new SyncVectorEnv<>(CartPole::new, 2);
        assertThatThrownBy(() -> v.step(List.of(0, 1))).hasMessageContaining("before reset()");
        v.reset(0L);
        assertThatThrownBy(() -> v.step(List.of(0))).hasMessage("CartPole-v1: got 1 actions for 2 environments");
        assertThatThrownBy(() -> v.step(List.of(0, 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sub-environment 1: CartPole-v1: action 5 is not in the action space Discrete(2)");
        assertThatThrownBy(() -> new SyncVectorEnv<>(CartPole::new, 0)).hasMessageContaining(">= 1");
        @SuppressWarnings("unchecked")
        java.util.function.Supplier<Env<Object, Object>> mixed = new java.util.function.Supplier<>() {
            private int k;

            @Override
            public Env<Object, Object> get() {
                return (Env<Object, Object>) Envs.make(k++ == 0 ? "CartPole-v1" : "MountainCar-v0");
            }
        };
        assertThatThrownBy(() -> new SyncVectorEnv<>(mixed, 2)).hasMessageContaining("sub-environment 1 (MountainCar-v0)");
    }
}
