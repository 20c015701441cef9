package io.cambium.rl.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CartPoleExperimentTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void aShortRunReturnsCurvesNumbersAndPictures() {
        CartPoleExperiment.Result r = new CartPoleExperiment().algorithms("ppo").seeds(1).budgets(1000, 12_288)
                .evaluation(4096, 10).outputDir(dir).run();
        assertThat(r.runs()).hasSize(1);
        CartPoleExperiment.Run run = r.of("ppo").get(0);
        assertThat(run.seed()).isEqualTo(1);
        assertThat(run.log().evaluations()).isNotEmpty();
        assertThat(run.log().episodes()).isNotEmpty();
        assertThat(run.finalEvaluation().returns()).hasSize(10);
        assertThat(run.steps()).isLessThanOrEqualTo(12_288);
        assertThat(run.seconds()).isGreaterThan(0);
        // PPO with the zoo settings is far above a random policy (about 22) after 12k steps.
        assertThat(run.log().evaluations().get(run.log().evaluations().size() - 1).mean()).isGreaterThan(100);
        assertThat(r.pictures()).hasSize(2);
        for (Path p : r.pictures()) {
            assertThat(Files.exists(p)).isTrue();
        }
        assertThat(run.toString()).startsWith("ppo seed 1: ");
        assertThatThrownBy(() -> new CartPoleExperiment().algorithms("sac")).hasMessageContaining("unknown algorithm 'sac'");
    }
}
