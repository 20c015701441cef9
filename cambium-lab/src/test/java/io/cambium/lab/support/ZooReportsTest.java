package io.cambium.lab.support;

import io.cambium.zoo.weights.Pretrained;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The adapter from cambium-zoo's experiment reports to lab results. */
class ZooReportsTest {
    @Test
    void findingsAreSentences() {
        assertThat(ZooReports.sentence("final training loss 1.2940 with shortcuts"))
                .isEqualTo("Final training loss 1.2940 with shortcuts.");
        assertThat(ZooReports.sentence("Already one.")).isEqualTo("Already one.");
        assertThat(ZooReports.sentence("  ")).isEmpty();
    }

    @Test
    void weightsOutsideTheRegistryAreNamedAsMissing() {
        assertThat(ZooReports.missingWeights("no-such-weights")).hasValueSatisfying(
                reason -> assertThat(reason).contains("'no-such-weights'").contains("registry"));
        for (Pretrained p : Pretrained.all()) {
            assertThat(ZooReports.missingWeights(p.name())).isEmpty();
        }
    }
}
