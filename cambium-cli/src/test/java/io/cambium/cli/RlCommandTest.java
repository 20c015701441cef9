package io.cambium.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cambium rl train} and {@code cambium rl eval}, and their one-line errors. */
class RlCommandTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static void assertOneLineError(CliRunner.Result r, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("\tat ").startsWith("cambium: ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void trainEvaluateAndResume() throws Exception {
        Path file = dir.resolve("ppo.cambium");
        CliRunner.Result t = CliRunner.run("rl", "train", "--env", "CartPole-v1", "--agent", "ppo", "--steps", "4096",
                "--eval-every", "2048", "--eval-episodes", "5", "--seed", "1", "-o", file.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("Training ppo on CartPole-v1 for 4,096 steps (seed 1)")
                .contains("ppo CartPole-v1: step 2,048").contains("final evaluation: mean return")
                .contains("agent file: " + file).contains("not solved (threshold 475.0)");
        assertThat(Files.exists(file)).isTrue();
        assertThat(Files.exists(dir.resolve("ppo.png"))).isTrue();
        CliRunner.Result e = CliRunner.run("rl", "eval", "-f", file.toString(), "--episodes", "5", "--gif",
                dir.resolve("ep.gif").toString(), "--frame", dir.resolve("f.png").toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("ppo agent on CartPole-v1, trained 4,096 steps")
                .contains("mean return: ").contains("over 5 episodes (seeds 10000..10004)").contains("episode GIF: ");
        assertThat(Files.size(dir.resolve("ep.gif"))).isGreaterThan(1000);
        assertThat(Files.exists(dir.resolve("f.png"))).isTrue();
        CliRunner.Result r = CliRunner.run("rl", "train", "--env", "CartPole-v1", "--agent", "ppo", "--resume",
                file.toString(), "--steps", "1024", "--eval-every", "100000", "--eval-episodes", "3", "-o", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("steps: 5,120");
    }

    @Test
    void userMistakesAreOneLineErrors() throws Exception {
        assertOneLineError(CliRunner.run("rl", "train", "--env", "Hopper-v4", "--agent", "ppo"),
                "unknown environment 'Hopper-v4'", "CartPole-v1");
        assertOneLineError(CliRunner.run("rl", "train", "--env", "CartPole-v1", "--agent", "sac"), "unknown algorithm 'sac'");
        assertOneLineError(CliRunner.run("rl", "train", "--env", "Pendulum-v1", "--agent", "dqn"),
                "DQN needs a Discrete action space", "Pendulum-v1");
        assertOneLineError(CliRunner.run("rl", "train", "--env", "CartPole-v1"), "Missing required option", "--agent");
        assertOneLineError(CliRunner.run("rl", "eval", "-f", dir.resolve("none.cambium").toString()), "agent file not found");
        Path junk = dir.resolve("junk.cambium");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertOneLineError(CliRunner.run("rl", "eval", "-f", junk.toString()), "junk.cambium");
        assertOneLineError(CliRunner.run("rl", "train", "--env", "CartPole-v1", "--agent", "ppo", "--steps", "0"),
                "--steps, --eval-every and --eval-episodes must be >= 1");
    }
}
