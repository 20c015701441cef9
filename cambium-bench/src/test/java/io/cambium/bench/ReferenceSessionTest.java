package io.cambium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interleaved protocol, against {@link FakeReferenceServer} in a child JVM. */
class ReferenceSessionTest {
    private static ReferenceSession start(String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ReferenceSession.start("W9", List.of(java, "-cp", System.getProperty("java.class.path"),
                FakeReferenceServer.class.getName(), mode), Map.of());
    }

    @Test
    void repetitionsAlternateInPairsWithCambiumFirstInEvenPairs() {
        SpinCase c = new SpinCase("fake t=1");
        try (ReferenceSession s = start("ok")) {
            assertThat(s.unavailableReason()).isNull();
            Runner.Pair p = new Runner(5).measure(c, s);
            assertThat(p.cambium().reps()).hasSize(5);
            assertThat(p.reference()).isNotNull();
            List<Double> theirs = p.reference().reps();
            assertThat(theirs).hasSize(5);
            assertThat(p.reference().name()).isEqualTo("fake t=1");
            assertThat(p.reference().unit()).isEqualTo("ops/s");
            // C0 R0 | R1 C1 | C2 R2 | R3 C3 | C4 R4
            long[] order = {c.stamps.get(0), theirs.get(0).longValue(), theirs.get(1).longValue(), c.stamps.get(1),
                    c.stamps.get(2), theirs.get(2).longValue(), theirs.get(3).longValue(), c.stamps.get(3),
                    c.stamps.get(4), theirs.get(4).longValue()};
            for (int i = 1; i < order.length; i++) {
                assertThat(order[i]).as("event %d after event %d", i, i - 1).isGreaterThan(order[i - 1]);
            }
            Reference.Result r = s.finish();
            assertThat(r.available()).isTrue();
            assertThat(r.peakRssKb()).isEqualTo(4242);
            assertThat(r.cases()).containsOnlyKeys("fake t=1");
        }
    }

    @Test
    void aCaseTheReferenceDoesNotHaveRunsAlone() {
        BenchCase other = new SpinCase("other t=1");
        try (ReferenceSession s = start("ok")) {
            Runner.Pair p = new Runner(3).measure(other, s);
            assertThat(p.cambium().reps()).hasSize(3);
            assertThat(p.reference()).isNull();
            assertThat(s.unavailableReason()).isNull();
            assertThat(s.finish().available()).isFalse();
        }
    }

    @Test
    void aReferenceThatDiesMidCaseIsDroppedAndCambiumGoesOn() {
        SpinCase c = new SpinCase("fake t=1");
        try (ReferenceSession s = start("die-after-2")) {
            Runner.Pair p = new Runner(5).measure(c, s);
            assertThat(p.cambium().reps()).hasSize(5);
            assertThat(p.reference()).isNull();
            assertThat(s.unavailableReason()).contains("reference.py exited during 'rep'").contains("status 1");
            Reference.Result r = s.finish();
            assertThat(r.available()).isFalse();
            assertThat(r.unavailable()).contains("exited");
        }
    }

    @Test
    void anErrorAnswerNamesTheWorkloadAndTheReferencesMessage() {
        try (ReferenceSession s = start("error-on-rep")) {
            Runner.Pair p = new Runner(2).measure(new SpinCase("fake t=1"), s);
            assertThat(p.cambium().reps()).hasSize(2);
            assertThat(p.reference()).isNull();
            assertThat(s.unavailableReason()).isEqualTo("reference.py W9 rep: RuntimeError: out of memory");
        }
    }

    @Test
    void aMissingLibraryMakesTheSessionUnavailableBeforeAnyCase() {
        try (ReferenceSession s = start("missing-library")) {
            assertThat(s.unavailableReason()).contains("status 3").contains("a library is missing");
            assertThat(s.hasCase("fake t=1")).isFalse();
            Runner.Pair p = new Runner(1).measure(new SpinCase("fake t=1"), s);
            assertThat(p.reference()).isNull();
        }
    }
}
