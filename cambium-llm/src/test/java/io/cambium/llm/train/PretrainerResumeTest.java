package io.cambium.llm.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.io.ModelFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume across a hard kill: a run killed with SIGKILL ({@code Process.destroyForcibly})
 * right after a checkpoint, then resumed from the checkpoint in a new process, gives the same
 * loss at every step, bit for bit, as a run never interrupted (dropout on, gradient accumulation
 * on, so both random generators and every optimizer moment must come back exactly).
 */
class PretrainerResumeTest {
    @TempDir
    Path dir;

    @Test
    void killedRunResumesWithTheSameLosses() throws Exception {
        Map<Long, Long> whole = new TreeMap<>();
        Process a = start("fresh", dir.resolve("a"));
        List<String> outA = readAll(a, whole, -1);
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(String.join("\n", outA)).isZero();
        assertThat(whole).hasSize(ResumeProbe.STEPS);

        Map<Long, Long> killed = new TreeMap<>();
        Process b = start("fresh", dir.resolve("b"));
        List<String> outB = readAll(b, killed, 10);
        assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(outB).as("the run was killed before it finished").doesNotContain("done");
        long saved = ModelFile.load(dir.resolve("b").resolve(Pretrainer.CHECKPOINT)).training().step();
        assertThat(saved).isBetween(10L, (long) ResumeProbe.STEPS - 1);

        Map<Long, Long> resumed = new TreeMap<>();
        Process c = start("resume", dir.resolve("b"));
        List<String> outC = readAll(c, resumed, -1);
        assertThat(c.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(c.exitValue()).as(String.join("\n", outC)).isZero();
        assertThat(resumed.keySet().iterator().next()).isEqualTo(saved + 1);
        assertThat(resumed).hasSize(ResumeProbe.STEPS - (int) saved);
        for (Map.Entry<Long, Long> e : resumed.entrySet()) {
            assertThat(Double.longBitsToDouble(e.getValue())).as("loss of step " + e.getKey())
                    .isEqualTo(Double.longBitsToDouble(whole.get(e.getKey())));
        }
        // The killed run's steps before the kill also agree (the same run up to there).
        for (Map.Entry<Long, Long> e : killed.entrySet()) {
            assertThat(e.getValue()).isEqualTo(whole.get(e.getKey()));
        }
    }

    private static Process start(String mode, Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The three children run alike (the losses are compared among them): the plain-Java kernels
        // and C1 only, which start fastest for a run of a few seconds, and two threads.
        List<String> cmd = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-Dcambium.vector=false", "-Dcambium.threads=2", "-cp", System.getProperty("java.class.path"),
                ResumeProbe.class.getName(), mode, out.toString());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the child's lines, recording losses; kills it (SIGKILL) after checkpoint {@code killAt} when >= 0. */
    private static List<String> readAll(Process p, Map<Long, Long> losses, long killAt) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                String[] f = line.split(" ");
                if (f[0].equals("loss")) {
                    losses.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                } else if (f[0].equals("checkpoint") && Long.parseLong(f[1]) == killAt) {
                    p.destroyForcibly();
                    break;
                }
            }
        }
        return lines;
    }
}
