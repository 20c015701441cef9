package io.cambium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Parallel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Measurement.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Measurement.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void runnerWarmsUpTimesEachRepetitionAndRestoresThreads() {
        int before = Parallel.threads();
        SpinCase c = new SpinCase("fake t=1");
        Measurement m = new Runner(5).measure(c);
        assertThat(new int[] {c.setUps, c.warmUps, c.stamps.size()}).containsExactly(1, 1, 5);
        assertThat(c.warmUpThreads).isEqualTo(1);
        assertThat(m.reps()).hasSize(5);
        // 10 units in at least 1 ms each: at most 10,000 units per second.
        assertThat(m.median()).isPositive().isLessThanOrEqualTo(10_000.0);
        assertThat(m.name()).isEqualTo("fake t=1");
        assertThat(Parallel.threads()).isEqualTo(before);
    }

    @Test
    void referenceJsonIsParsedByCaseName() throws Exception {
        String json = "{\"versions\":{\"numpy\":\"1.24\"},\"peak_rss_kb\":123456,\"workloads\":{\"W1\":{"
                + "\"title\":\"GEMM\",\"cases\":[{\"name\":\"n=256 t=1\",\"unit\":\"GFLOP/s\",\"threads\":1,"
                + "\"figure\":30.5,\"reps\":[30.0,30.5,31.0]}]}}}";
        Reference.Result r = Reference.parse("W1", json);
        assertThat(r.available()).isTrue();
        assertThat(r.peakRssKb()).isEqualTo(123456);
        Measurement m = r.cases().get("n=256 t=1");
        assertThat(m.median()).isEqualTo(30.5);
        assertThat(m.reps()).containsExactly(30.0, 30.5, 31.0);
        assertThat(Reference.parse("W2", json).available()).isFalse();
        assertThat(r.stream()).isNull();
    }

    @Test
    void referenceJsonTellsWhichStreamW7TrainedFrom() throws Exception {
        String json = "{\"peak_rss_kb\":1,\"workloads\":{\"W7\":{\"title\":\"Fashion\",\"stream\":\"torch seed 0\","
                + "\"cases\":[]}}}";
        assertThat(Reference.parse("W7", json).stream()).isEqualTo("torch seed 0");
    }

    @Test
    void gemmCaseNamesMatchTheReferenceScript() throws Exception {
        assertThat(GemmWorkload.caseName(1024, 1024, 1024, 2)).isEqualTo("n=1024 t=2");
        assertThat(GemmWorkload.caseName(2048, 128, 384, 1)).isEqualTo("2048x128x384 t=1");
        String script = new String(Bench.class.getResourceAsStream("/io/cambium/bench/reference.py").readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(script).contains("shape = f\"n={n}\" if m == k == n else f\"{m}x{k}x{n}\"")
                .contains("return f\"{shape} t={threads}\"");
        assertThat(new GemmWorkload(1, 2).cases()).hasSize(16);
    }

    @Test
    void unknownWorkloadIsRejected() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = Bench.run(List.of("W9"), false, Peer.NONE, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(Bench.available()).contains("W1");
    }

    @Test
    void workloadsAreNamedByIdOrAlias() {
        assertThat(Bench.resolve("w3")).isEqualTo("W3");
        assertThat(Bench.resolve("gemm")).isEqualTo("W1");
        assertThat(Bench.resolve(" LSTM ")).isEqualTo("W4");
        assertThat(Bench.resolve("gpt-generate")).isEqualTo("W6");
        assertThat(Bench.resolve("fashion")).isEqualTo("W7");
        assertThat(Bench.resolve("W9")).isNull();
        assertThat(Bench.resolve("resnet")).isNull();
        assertThat(Bench.accepted()).contains("W1", "gemm", "gpt-train");
        assertThat(Peer.of("Torch-Tuned")).isEqualTo(Peer.TORCH_TUNED);
        assertThat(Peer.TORCH_TUNED.environment()).containsEntry("OMP_WAIT_POLICY", "PASSIVE");
        assertThat(Peer.of("djl")).isNull();
    }
}
