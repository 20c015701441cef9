package io.cambium.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo end to end on the embedded subset, one epoch (the full run is ./cambium demo). */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoTrainsTheCnnAndEndsWithResultsAndOutputs() {
        CliRunner.Result r = CliRunner.run("demo", "--subset", "--epochs", "1", "--output-dir", dir.toString());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        List<String> lines = r.out().lines().toList();
        // layer names count per JVM as in Keras (conv2d, conv2d_1, ...): other tests may have built layers first
        assertThat(r.out()).containsPattern("conv2d(_\\d+)? \\(Conv2D\\)");
        assertThat(r.out()).contains("Epoch 1/1", "val_accuracy", "Classification report",
                "seconds per epoch (training only)");
        int acc = indexOf(lines, "  test accuracy: 0.");
        int outputs = indexOf(lines, "Outputs in ");
        assertThat(acc).isPositive().isLessThan(outputs);
        assertThat(lines.subList(acc + 1, outputs)).allMatch(String::isBlank);
        assertThat(Double.parseDouble(lines.get(acc).replaceAll(".*: ", ""))).isGreaterThan(0.55);
        assertThat(lines.get(lines.size() - 1)).contains("confusion_matrix.png");
        assertThat(dir.resolve("fashion_mnist_cnn.cambium")).exists();
        assertThat(dir.resolve("learning_curves.png")).exists();
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
