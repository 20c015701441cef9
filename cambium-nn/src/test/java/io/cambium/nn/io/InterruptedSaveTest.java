package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.nn.Model;
import io.cambium.testing.JavaProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save interrupted by a signal loses nothing and leaves nothing behind: SIGTERM and SIGINT run
 * the JVM's shutdown hooks, which remove the temporary file; after SIGKILL (nothing runs) the
 * next save of the same file removes it. The target is always the old file or a complete new one.
 */
class InterruptedSaveTest {
    @TempDir
    Path dir;

    private List<Path> temporaries(Path target) throws IOException {
        try (Stream<Path> s = Files.list(target.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("." + target.getFileName() + ".")
                    && p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** Waits until the child has printed {@code text}. */
    private static void awaitOutput(JavaProcess p, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!p.stdout().contains(text)) {
            assertThat(p.process().isAlive()).as(p.stderr()).isTrue();
            assertThat(System.nanoTime()).as("the child never printed '%s'", text).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private JavaProcess stalledMidSave(Path target) throws Exception {
        JavaProcess p = JavaProcess.start(dir.resolve("logs"), List.of("-Xmx128m"), SaveUntilKilled.class, "stall",
                target.toString());
        awaitOutput(p, "mid-save");
        assertThat(temporaries(target)).hasSize(1);
        return p;
    }

    @Test
    void sigtermAndSigintMidSaveLeaveTheOldFileAndNoTemporary() throws Exception {
        for (String signal : new String[] {"TERM", "INT"}) {
            Path target = dir.resolve(signal.toLowerCase() + ".cambium");
            Files.writeString(target, "the previous model");
            JavaProcess p = stalledMidSave(target);
            if (!p.signal(signal)) {
                // No kill command, or SIGINT ignored as in a background job: nothing to test here.
                p.process().destroyForcibly().waitFor();
                assumeTrue(!signal.equals("TERM"), "no kill command to send signals");
                continue;
            }
            int code = p.waitFor(60);
            assertThat(code).as("exit code after SIG" + signal).isNotZero();
            assertThat(temporaries(target)).as("after SIG" + signal).isEmpty();
            assertThat(Files.readString(target)).isEqualTo("the previous model");
        }
    }

    @Test
    void afterKill9TheNextSaveRemovesTheLeftover() throws Exception {
        Path target = dir.resolve("kill.cambium");
        Files.writeString(target, "the previous model");
        JavaProcess p = stalledMidSave(target);
        p.process().destroyForcibly().waitFor();
        List<Path> left = temporaries(target);
        assertThat(left).as("SIGKILL runs nothing: the temporary stays until the next save").hasSize(1);
        assertThat(Files.readString(target)).isEqualTo("the previous model");
        // Its writer is gone (no lock); once it is not brand new, the next save of the target removes it.
        Files.setLastModifiedTime(left.get(0), FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        AtomicFile.write(target, ch -> ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertThat(temporaries(target)).isEmpty();
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
    }

    @Test
    void killedWhileSavingModelsOverAndOverTheFileIsAlwaysAWholeModel() throws Exception {
        Path target = dir.resolve("loop.cambium");
        for (String signal : new String[] {"KILL", "TERM", "TERM", "TERM"}) {
            JavaProcess p = JavaProcess.start(dir.resolve("logs"), List.of("-Xmx512m"), SaveUntilKilled.class, "models",
                    target.toString());
            awaitOutput(p, "saved 2");
            if (signal.equals("KILL")) {
                p.process().destroyForcibly();
            } else {
                assumeTrue(p.signal(signal), "no kill command");
            }
            p.waitFor(60);
            assertThat(Model.load(target).variables()).hasSize(2);
            if (signal.equals("KILL")) {
                // What SIGKILL left: old enough to count as stale, so the next process's first save removes it.
                for (Path t : temporaries(target)) {
                    Files.setLastModifiedTime(t, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
                }
            } else {
                assertThat(temporaries(target)).isEmpty();
            }
        }
    }
}
