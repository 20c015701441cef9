package io.cambium.cli;

import io.cambium.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code cambium} command as a process: what the shell sees (exit code, one line on stderr)
 * when the heap runs out, when the destination is unwritable, when a run diverges, and when the
 * user interrupts it.
 */
class CliProcessTest {
    @TempDir
    Path dir;

    private JavaProcess cambium(String heap, String... args) throws Exception {
        return JavaProcess.start(dir.resolve("logs"), List.of(heap), Main.class, args);
    }

    private static void assertOneLine(JavaProcess p, int code, String... fragments) throws Exception {
        int exit = p.waitFor(300);
        // The JVM's own notice about the incubator module (printed by every Cambium JVM) is not ours.
        String err = p.stderr().replaceAll("(?m)^WARNING: Using incubator modules.*\\R", "").strip();
        assertThat(exit).as(err + p.stdout()).isEqualTo(code);
        assertThat(err).startsWith("cambium: ").doesNotContain("\n").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(err).contains(f);
        }
    }

    private Path csv(int rows) throws Exception {
        StringBuilder b = new StringBuilder("x1,x2,x3,label\n");
        Random r = new Random(8);
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            b.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,c%d%n", k + r.nextGaussian(), r.nextGaussian(),
                    -k + r.nextGaussian(), k));
        }
        return Files.writeString(dir.resolve("data.csv"), b);
    }

    @Test
    void runningOutOfHeapIsOneLineWithExitCode2() throws Exception {
        // -b 1000000000: the whole subset in one batch of the CNN does not fit a 96 MB heap.
        JavaProcess p = cambium("-Xmx96m", "train", "--model", "cnn", "--data", "fashion-mnist-subset", "--epochs", "1",
                "--batch-size", "1000000000", "--quiet", "-o", dir.resolve("oom/model.cambium").toString());
        assertOneLine(p, 2, "out of memory", "--batch-size", "-Xmx");
        assertThat(dir.resolve("oom/model.cambium")).doesNotExist();
    }

    @Test
    void anUnwritableOutputStopsTheRunBeforeItStarts() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        JavaProcess p = cambium("-Xmx256m", "train", "--model", "mlp", "--data", csv(300).toString(), "--epochs", "50",
                "-o", blocker.resolve("model.cambium").toString());
        assertOneLine(p, 2, "-o: cannot write", "blocker: exists and is not a directory");
        assertThat(p.stdout()).doesNotContain("Epoch");
    }

    @Test
    void aDivergedRunExits2AndLeavesThePreviousModel() throws Exception {
        Path data = csv(300);
        Path model = dir.resolve("out/model.cambium");
        JavaProcess first = cambium("-Xmx256m", "train", "--model", "mlp", "--data", data.toString(), "--epochs", "2",
                "--quiet", "-o", model.toString());
        assertThat(first.waitFor(300)).as(first.stderr()).isZero();
        byte[] before = Files.readAllBytes(model);
        JavaProcess nan = cambium("-Xmx256m", "train", "--model", "mlp", "--data", data.toString(), "--epochs", "3",
                "--quiet", "--lr", "1e30", "--optimizer", "sgd", "-o", model.toString());
        assertOneLine(nan, 2, "training diverged", "nothing was saved");
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
    }

    @Test
    void interruptingATrainingLeavesNoPartialFiles() throws Exception {
        Path data = csv(3000);
        Path model = dir.resolve("run/model.cambium");
        Files.createDirectories(model.getParent());
        Files.writeString(model, "the previous model");
        JavaProcess p = cambium("-Xmx256m", "train", "--model", "mlp", "--data", data.toString(), "--epochs", "100000",
                "--batch-size", "8", "-o", model.toString());
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!p.stdout().contains("Epoch 2/")) {
            assertThat(p.process().isAlive()).as(p.stderr()).isTrue();
            assertThat(System.nanoTime()).as("training never started").isLessThan(deadline);
            Thread.sleep(50);
        }
        assumeTrue(p.signal("INT"), "no kill command");
        int code = p.waitFor(60);
        assertThat(code).as("SIGINT ends the run").isNotZero();
        try (Stream<Path> s = Files.list(model.getParent())) {
            assertThat(s.map(f -> f.getFileName().toString())).containsExactly("model.cambium");
        }
        assertThat(Files.readString(model)).isEqualTo("the previous model");
    }
}
