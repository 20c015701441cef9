package io.cambium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's thread limits (one process per thread count, started with the BLAS and OpenMP
 * variables set), what the bench does with a figure whose thread count is wrong or unverified, and
 * the choice of the Python interpreter; against {@link FakeReferenceServer}, without Python.
 */
class ReferenceThreadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Reference fake(String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Reference.ofCommand(List.of(java, "-cp", System.getProperty("java.class.path"),
                FakeReferenceServer.class.getName(), mode), 3, Map.of("OMP_WAIT_POLICY", "PASSIVE"));
    }

    @Test
    void everyThreadVariableIsSetToTheThreadCountNextToThePeersOwn() {
        Map<String, String> env = Reference.environment(Map.of("OMP_WAIT_POLICY", "PASSIVE"), 1);
        assertThat(env).containsEntry("OMP_WAIT_POLICY", "PASSIVE").containsEntry("OMP_NUM_THREADS", "1")
                .containsEntry("OPENBLAS_NUM_THREADS", "1").containsEntry("MKL_NUM_THREADS", "1");
        assertThat(Reference.environment(Map.of(), 2)).containsOnlyKeys(Reference.THREAD_VARIABLES)
                .allSatisfy((k, v) -> assertThat(v).isEqualTo("2"));
    }

    @Test
    void eachThreadCountRunsInAProcessStartedWithItsLimits() {
        Runner runner = new Runner(2);
        try (ReferenceSessions sessions = ReferenceSessions.of(fake("env-threads"), "W9")) {
            Runner.Pair one = runner.measure(new SpinCase("fake t=1", 1), sessions.forThreads(1));
            Runner.Pair two = runner.measure(new SpinCase("fake t=2", 2), sessions.forThreads(2));
            assertThat(one.reference()).isNotNull();
            assertThat(two.reference()).isNotNull();
            Reference.Result r = sessions.finish();
            assertThat(r.available()).isTrue();
            assertThat(r.cases()).containsOnlyKeys("fake t=1", "fake t=2");
            // The stand-in reports the thread variables it found in its environment.
            assertThat(r.threadChecks().get("fake t=1")).isEqualTo(new ThreadCheck(1, 1, 1, null, "fake", true));
            assertThat(r.threadChecks().get("fake t=2")).isEqualTo(new ThreadCheck(2, 2, 2, null, "fake", true));
            assertThat(r.peakRssKb()).isEqualTo(4242);
            assertThat(r.libraries()).containsEntry("blas", "fakeblas 1.0");
        }
    }

    @Test
    void aFigureTakenOnMoreThreadsThanTheCaseIsRefused() {
        Measurement mine = new Measurement("fake t=1", "ops/s", 1, 100, List.of(100.0));
        try (ReferenceSessions sessions = ReferenceSessions.of(fake("two-blas-threads"), "W9")) {
            Runner.Pair p = new Runner(2).measure(new SpinCase("fake t=1", 1), sessions.forThreads(1));
            Reference.Result r = sessions.finish();
            ThreadCheck check = r.threadChecks().get("fake t=1");
            assertThat(check.contradicts()).isTrue();
            ObjectNode cn = Bench.caseNode(JSON.createObjectNode(), mine, p.reference(), check);
            assertThat(cn.get("ratio").isNull()).isTrue();
            assertThat(cn.get("ratio_refused").asText()).isEqualTo("the reference ran with 2 BLAS threads for a 1-thread case");
            assertThat(cn.get("reference").asDouble()).isPositive();
            assertThat(cn.path("reference_threads").path("blas").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aFigureWhoseThreadsCouldNotBeReadKeepsItsRatioButIsMarked() {
        Measurement mine = new Measurement("n=256 t=1", "GFLOP/s", 1, 100, List.of(100.0));
        Measurement theirs = new Measurement("n=256 t=1", "GFLOP/s", 1, 80, List.of(80.0));
        ObjectNode unread = Bench.caseNode(JSON.createObjectNode(), mine, theirs,
                new ThreadCheck(1, null, null, null, null, false));
        assertThat(unread.get("ratio").asDouble()).isEqualTo(1.25);
        assertThat(unread.get("reference_threads_problem").asText()).contains("could not be read back");
        ObjectNode unreported = Bench.caseNode(JSON.createObjectNode(), mine, theirs, null);
        assertThat(unreported.get("ratio").asDouble()).isEqualTo(1.25);
        assertThat(unreported.get("reference_threads_problem").asText()).contains("did not report");
        ObjectNode verified = Bench.caseNode(JSON.createObjectNode(), mine, theirs,
                new ThreadCheck(1, 1, null, null, "threadpoolctl", true));
        assertThat(verified.get("ratio").asDouble()).isEqualTo(1.25);
        assertThat(verified.has("reference_threads_problem")).isFalse();
        assertThat(verified.path("reference_threads").path("verified").asBoolean()).isTrue();
    }

    @Test
    void theBatchJsonCarriesEachCasesThreadCheckAndTheLibraries() throws Exception {
        String json = "{\"libraries\":{\"python\":\"3.11.2\",\"blas\":\"openblas 0.3.21 SkylakeX\"},\"peak_rss_kb\":1,"
                + "\"workloads\":{\"W1\":{\"cases\":[{\"name\":\"n=256 t=1\",\"unit\":\"GFLOP/s\",\"threads\":1,"
                + "\"figure\":30.5,\"reps\":[30.5],\"thread_check\":{\"requested\":1,\"blas\":2,\"openmp\":null,"
                + "\"torch\":null,\"how\":\"ctypes\",\"verified\":false}}]}}}";
        Reference.Result r = Reference.parse("W1", json);
        assertThat(r.threadChecks().get("n=256 t=1")).isEqualTo(new ThreadCheck(1, 2, null, null, "ctypes", false));
        assertThat(r.libraries()).containsEntry("blas", "openblas 0.3.21 SkylakeX");
        assertThat(Bench.describe(r.libraries())).isEqualTo("python 3.11.2, blas openblas 0.3.21 SkylakeX");
    }

    @Test
    void thePythonInterpreterComesFromTheOptionThenTheEnvironment() {
        Map<String, String> env = Map.of(Reference.PYTHON_VARIABLE, "/opt/torch2/bin/python3");
        assertThat(Reference.interpreter("python3.12", env)).isEqualTo(new Reference.Interpreter("python3.12", "--python"));
        assertThat(Reference.interpreter(null, env))
                .isEqualTo(new Reference.Interpreter("/opt/torch2/bin/python3", Reference.PYTHON_VARIABLE));
        assertThat(Reference.interpreter(" ", Map.of()).source()).startsWith("default");
        assertThat(Reference.interpreter("python3.12", env).problem()).isNull();
    }

    @Test
    void aChosenInterpreterThatIsNotThereMakesTheReferenceUnavailableWithTheReason() {
        String missing = dir.resolve("bin/python3").toString();
        Reference.Interpreter choice = Reference.interpreter(null, Map.of(Reference.PYTHON_VARIABLE, missing));
        assertThat(choice.problem()).isEqualTo(Reference.PYTHON_VARIABLE + " " + missing + ": no executable file there");
        Reference ref = Reference.locate(1, Map.of(), choice);
        assertThat(ref.unavailableReason()).isEqualTo(choice.problem());
        assertThat(ref.session("W1", 1).unavailableReason()).isEqualTo(choice.problem());
    }
}
