package io.cambium.rl.agents.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.rl.agents.Agents;
import io.cambium.rl.agents.Policy;
import io.cambium.rl.env.TimeLimit;
import io.cambium.rl.envs.FrozenLake;
import io.cambium.rl.train.Evaluation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QLearningTest {
    @TempDir
    Path dir;

    @Test
    void findsThePathOnTheDeterministicLake() {
        QLearning q = new QLearning(() -> new TimeLimit<>(new FrozenLake(FrozenLake.MAP_4X4, false), 100)).seed(0);
        q.learn(5000);
        Evaluation.Result r = Evaluation.evaluate(q, () -> new TimeLimit<>(new FrozenLake(FrozenLake.MAP_4X4, false), 100),
                10, 0, true);
        assertThat(r.mean()).isEqualTo(1.0);
        // The shortest path takes 6 steps.
        assertThat(r.lengths()).containsOnly(6);
    }

    @Test
    void approachesTheOptimalSuccessRateOnTheSlipperyLake() {
        FrozenLake lake = new FrozenLake();
        double[][] qStar = ValueIteration.solve(lake, 0.99, 1e-10);
        Policy<Integer, Integer> optimal = (s, d) -> {
            int best = 0;
            for (int a = 1; a < 4; a++) {
                best = qStar[s][a] > qStar[s][best] ? a : best;
            }
            return best;
        };
        double optimalRate = Evaluation.evaluate(optimal, () -> new TimeLimit<>(new FrozenLake(), 100), 2000, 0, true).mean();
        assertThat(optimalRate).isBetween(0.70, 0.80);
        QLearning q = new QLearning("FrozenLake-v1").alpha(0.05).seed(1);
        q.learn(300_000);
        double learned = Evaluation.evaluate(q, () -> new TimeLimit<>(new FrozenLake(), 100), 2000, 0, true).mean();
        assertThat(learned).isGreaterThan(optimalRate - 0.1);
        assertThat(q.values()[0]).isGreaterThan(0.3);
    }

    @Test
    void saveAndLoadAreExact() throws Exception {
        QLearning q = new QLearning("FrozenLake-v1").seed(2);
        q.learn(20_000);
        Path f = dir.resolve("q.cambium");
        q.save(f);
        QLearning back = (QLearning) Agents.load(f);
        for (int s = 0; s < 16; s++) {
            for (int a = 0; a < 4; a++) {
                assertThat(back.q(s, a)).isEqualTo(q.q(s, a));
            }
        }
        assertThat(back.steps()).isEqualTo(20_000);
        assertThatThrownBy(() -> new QLearning("CartPole-v1")).hasMessageContaining("Discrete observation and action spaces");
        assertThatThrownBy(() -> q.act(16, true)).hasMessageContaining("observation 16 is not a state in [0, 16)");
    }
}
