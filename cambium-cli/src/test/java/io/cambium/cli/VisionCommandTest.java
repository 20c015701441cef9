package io.cambium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cambium vision weights | pretrain | experiment | compare}: the registry listing, a short pretraining, one-line errors. */
class VisionCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        System.setProperty("java.awt.headless", "true");
        System.setProperty("cambium.home", dir.toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("cambium.home");
    }

    @Test
    void weightsListsTheRegistryAndTheRecipes() {
        CliRunner.Result r = CliRunner.run("vision", "weights");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Cache: " + dir.resolve("weights"))
                .contains("resnet8-w16-fashion-mnist-0to4").contains("test accuracy 0.9172")
                .contains("SHA-256 6a09663e861bd6aeed03083de89a1dcc07a0ce15d08d7ad426448610e44609d5").contains("shipped")
                .contains("resnet8-w32-fashion-mnist").contains("test accuracy 0.9247")
                .contains("mobilenetv2-a035-fashion-mnist").contains("test accuracy 0.9255");
    }

    @Test
    void pretrainWithAShorterBudgetSaysTheFileIsNotTheRegistrys() throws Exception {
        Path out = dir.resolve("w.safetensors");
        CliRunner.Result r = CliRunner.run("vision", "pretrain", "resnet8-w16-fashion-mnist-0to4", "--subset",
                "--epochs", "1", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 epochs, seed 42").contains("test accuracy ").contains("SHA-256 ")
                .contains("not the registry's recipe (1 epochs instead of 4)");
        assertThat(Files.size(out)).isGreaterThan(100_000);
    }

    @Test
    void userMistakesAreOneLineErrors() {
        UserErrorsTest.assertOneLineError(CliRunner.run("vision", "pretrain", "nope"), "no weights recipe named 'nope'",
                "resnet8-w16-fashion-mnist-0to4");
        UserErrorsTest.assertOneLineError(CliRunner.run("vision", "pretrain", "resnet8-w16-fashion-mnist-0to4", "--epochs=-1"),
                "--epochs must be >= 1, got -1");
        UserErrorsTest.assertOneLineError(CliRunner.run("vision", "experiment", "q99"), "unknown experiment 'q99'");
        UserErrorsTest.assertOneLineError(CliRunner.run("vision", "compare", "--repetitions", "0"), "--repetitions must be >= 1");
        UserErrorsTest.assertOneLineError(CliRunner.run("vision", "compare", "--train-epochs", "1", "--train-images", "0"),
                "--train-images between 1 and 60000");
    }
}
