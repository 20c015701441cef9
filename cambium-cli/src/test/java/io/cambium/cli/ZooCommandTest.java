package io.cambium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cambium zoo}: tiny runs on the embedded subset, and its user errors. */
class ZooCommandTest {
    @TempDir
    Path dir;

    @Test
    void ganRunWritesGridsAndReportsTheThreeScores() {
        CliRunner.Result r = CliRunner.run("zoo", "gan", "--model", "wgan-gp", "--subset", "--epochs", "1",
                "--steps-per-epoch", "2", "--batch-size", "16", "--latent", "8", "--filters", "4", "--n-critic", "2",
                "--score-images", "100", "--output-dir", dir.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("embedded subset").contains("c_gp: ").contains("wgan-gp: 1 epochs, 2 steps")
                .contains("generated ").contains("noise ").contains("other real images ");
        assertThat(dir.resolve("wgan-gp-epoch-001.png")).isRegularFile();
        assertThat(dir.resolve("wgan-gp-samples.png")).isRegularFile();
        assertThat(dir.resolve("wgan-gp-curves.png")).isRegularFile();
    }

    @Test
    void vaeRunReportsTheTestElboPerEpoch() {
        CliRunner.Result r = CliRunner.run("zoo", "vae", "--model", "dense", "--subset", "--epochs", "2",
                "--train-images", "256", "--hidden", "16", "--latent", "2", "--output-dir", dir.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).containsPattern("Test ELBO per epoch \\(nats per image\\): \\[-\\d+\\.\\d\\d, -\\d+\\.\\d\\d\\]");
        assertThat(dir.resolve("vae-dense-reconstructions.png")).isRegularFile();
        assertThat(dir.resolve("vae-dense-interpolations.png")).isRegularFile();
        assertThat(dir.resolve("vae-dense-manifold.png")).isRegularFile();
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() {
        CliRunner.Result bad = CliRunner.run("zoo", "gan", "--model", "stylegan");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("cambium: unknown GAN 'stylegan': use dcgan, cdcgan or wgan-gp");
        CliRunner.Result epochs = CliRunner.run("zoo", "vae", "--epochs", "0");
        assertThat(epochs.code()).isEqualTo(2);
        assertThat(epochs.err().strip()).isEqualTo("cambium: --epochs must be positive, got 0");
        CliRunner.Result beta = CliRunner.run("zoo", "vae", "--beta", "-1");
        assertThat(beta.err().strip()).isEqualTo("cambium: --beta must not be negative, got -1.0");
    }
}
