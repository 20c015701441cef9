package io.cambium.cli.report;

import io.cambium.plot.ConfusionMatrix;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClassificationReportTest {

    private static int[] ints(Tensor t) {
        float[] d = t.data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    @Test
    void matchesScikitLearn() {
        Fixtures.Case c = Fixtures.load("classification_report.json").get("four_classes");
        ClassificationReport r = ClassificationReport.of(ints(c.tensor("y_true")), ints(c.tensor("y_pred")),
                List.of("a", "b", "c", "d"));
        for (int k = 0; k < 4; k++) {
            assertThat(r.precision(k)).isCloseTo(c.tensor("precision").get(k), within(1e-6));
            assertThat(r.recall(k)).isCloseTo(c.tensor("recall").get(k), within(1e-6));
            assertThat(r.f1(k)).isCloseTo(c.tensor("f1").get(k), within(1e-6));
            assertThat((float) r.confusionMatrix().support(k)).isEqualTo(c.tensor("support").get(k));
            for (int j = 0; j < 4; j++) {
                assertThat((float) r.confusionMatrix().get(k, j)).isEqualTo(c.tensor("confusion").get(k, j));
            }
        }
        assertThat(r.accuracy()).isCloseTo(c.tensor("accuracy").get(0), within(1e-6));
        assertThat(r.macro(r.precisions())).isCloseTo(c.tensor("macro").get(0), within(1e-6));
        assertThat(r.macroF1()).isCloseTo(c.tensor("macro").get(2), within(1e-6));
        assertThat(r.weighted(r.recalls())).isCloseTo(c.tensor("weighted").get(1), within(1e-6));
        assertThat(r.weighted(r.f1s())).isCloseTo(c.tensor("weighted").get(2), within(1e-6));
        String text = r.toString();
        assertThat(text).contains("precision", "recall", "f1-score", "support", "accuracy", "macro avg", "weighted avg");
        // Undefined ratios (class never predicted, class without samples) count as 0, as zero_division=0.
        ClassificationReport empty = ClassificationReport.of(new int[] {0, 0}, new int[] {0, 0}, List.of("a", "b"));
        assertThat(empty.precision(1)).isZero();
        assertThat(empty.recall(1)).isZero();
        assertThat(empty.f1(1)).isZero();
        assertThat(empty.toString().lines().filter(l -> l.trim().startsWith("b ")).findFirst().orElseThrow())
                .contains("0.0000");
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}, List.of("a", "b")))
                .hasMessageContaining("2 true labels but 1 predictions");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 2}, new int[] {0, 1}, List.of("a", "b")))
                .hasMessageContaining("outside 0..1");
    }
}
