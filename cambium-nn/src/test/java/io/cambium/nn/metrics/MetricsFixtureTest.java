package io.cambium.nn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

class MetricsFixtureTest {
    private static final Fixtures FIX = Fixtures.load("nn_metrics.json");

    private static double streamed(Metric m, Tensor y, Tensor p, Tensor w) {
        // Feed in uneven batches: streaming must give the same result as one pass.
        int n = y.dim(0);
        int[] cuts = {0, 37, 100, 101, n};
        for (int c = 0; c + 1 < cuts.length; c++) {
            int from = Math.min(cuts[c], n);
            int to = Math.min(cuts[c + 1], n);
            if (to <= from) {
                continue;
            }
            m.update(rows(y, from, to), rows(p, from, to), w == null ? null : rows(w, from, to));
        }
        return m.result();
    }

    private static Tensor rows(Tensor t, int from, int to) {
        int per = t.numel() / t.dim(0);
        int[] s = t.shape();
        s[0] = to - from;
        return new Tensor(java.util.Arrays.copyOfRange(t.data(), from * per, to * per), s);
    }

    @Test
    void binaryMetricsMatchScikitLearn() {
        for (String name : new String[] {"binary_easy", "binary_hard"}) {
            Fixtures.Case c = FIX.get(name);
            Tensor y = c.tensor("y");
            Tensor s = c.tensor("scores");
            Tensor w = c.tensor("w");
            assertThat(streamed(new Precision(), y, s, null)).as(name).isCloseTo(c.attr("precision").asDouble(), offset(1e-9));
            assertThat(streamed(new Recall(), y, s, null)).as(name).isCloseTo(c.attr("recall").asDouble(), offset(1e-9));
            assertThat(streamed(new Precision(), y, s, w)).as(name)
                    .isCloseTo(c.attr("precision_weighted").asDouble(), offset(1e-6));
            assertThat(streamed(new BinaryAccuracy(), y, s, null)).isCloseTo(c.attr("accuracy").asDouble(), offset(1e-9));
            assertThat(streamed(new Accuracy(), y, s, w)).isCloseTo(c.attr("accuracy_weighted").asDouble(), offset(1e-6));
            // Keras's 200-threshold AUC is close to the exact value; many thresholds converge to it.
            assertThat(streamed(new AUC(), y, s, null)).as(name).isCloseTo(c.attr("auc").asDouble(), offset(5e-3));
            assertThat(streamed(new AUC(20_000, AUC.Curve.ROC), y, s, null)).as(name)
                    .isCloseTo(c.attr("auc").asDouble(), offset(2e-4));
            assertThat(streamed(new AUC(20_000, AUC.Curve.ROC), y, s, w)).as(name)
                    .isCloseTo(c.attr("auc_weighted").asDouble(), offset(2e-4));
        }
    }

    @Test
    void categoricalAccuraciesMatchNumPy() {
        Fixtures.Case c = FIX.get("categorical");
        Tensor y = c.tensor("y");
        Tensor onehot = c.tensor("onehot");
        Tensor p = c.tensor("p");
        double acc = c.attr("accuracy").asDouble();
        assertThat(streamed(new SparseCategoricalAccuracy(), y, p, null)).isCloseTo(acc, offset(1e-9));
        assertThat(streamed(new CategoricalAccuracy(), onehot, p, null)).isCloseTo(acc, offset(1e-9));
        assertThat(streamed(new Accuracy(), y, p, null)).isCloseTo(acc, offset(1e-9));
        assertThat(streamed(new Accuracy(), onehot, p, null)).isCloseTo(acc, offset(1e-9));
        assertThat(streamed(new TopKCategoricalAccuracy(3), onehot, p, null)).isCloseTo(c.attr("top3").asDouble(), offset(1e-9));
        assertThat(streamed(new TopKCategoricalAccuracy(3), y, p, null)).isCloseTo(c.attr("top3").asDouble(), offset(1e-9));
    }

    @Test
    void accuracyFollowsTheCompiledLoss() {
        Accuracy a = new Accuracy();
        a.configureFor("binary_crossentropy");
        // Two-column sigmoid outputs: binary accuracy per element, not arg-max.
        a.update(Tensor.of(new float[][] {{1, 0}, {1, 1}}), Tensor.of(new float[][] {{0.9f, 0.2f}, {0.4f, 0.6f}}), null);
        assertThat(a.result()).isCloseTo(0.75, offset(1e-9));
        assertThat(a.name()).isEqualTo("accuracy");
    }

    @Test
    void regressionMetricsAndReset() {
        Metric mse = new MeanSquaredError();
        Metric mae = new MeanAbsoluteError();
        Tensor t = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor p = Tensor.of(new float[][] {{1, 4}, {2, 4}});
        mse.update(t, p, null);
        mae.update(t, p, null);
        assertThat(mse.result()).isCloseTo((4 / 2.0 + 1 / 2.0) / 2, offset(1e-9));
        assertThat(mae.result()).isCloseTo((2 / 2.0 + 1 / 2.0) / 2, offset(1e-9));
        assertThat(mse.name()).isEqualTo("mean_squared_error");
        mse.reset();
        assertThat(mse.result()).isZero();
        assertThat(Metrics.get("mae").name()).isEqualTo("mean_absolute_error");
    }
}
