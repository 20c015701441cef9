package io.cambium.nn.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.Cambium;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Loss.Reduction;
import io.cambium.nn.metrics.Metric;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch of one sample with one output, the shape (1, 1), is both "one value per row" and
 * "the prediction's shape": every loss and metric accepts it (it is what fit() gives the last
 * batch of 65 samples in batches of 64, and what trainOnBatch gets for one sample).
 */
class BatchOfOneTest {
    private static final String[] SINGLE_OUTPUT_LOSSES = {"mse", "mae", "mape", "msle", "huber", "log_cosh",
        "binary_crossentropy", "kld", "hinge", "squared_hinge", "poisson", "binary_focal_crossentropy",
        "cosine_similarity", "categorical_hinge", "categorical_crossentropy", "categorical_focal_crossentropy"};

    private static Tensor t(float[] v, int... shape) {
        return new Tensor(v.clone(), shape);
    }

    @Test
    void everyLossAcceptsEveryLayoutOfOneValuePerSample() {
        float[] y = {1f, 0f};
        float[] p = {0.7f, 0.2f};
        for (String name : SINGLE_OUTPUT_LOSSES) {
            Loss l = new LossWithNone(name).loss;
            // The per-sample values of a batch of two, in each layout...
            float[] two = l.perSample(t(y, 2, 1), t(p, 2, 1)).data();
            for (int i = 0; i < 2; i++) {
                float yi = y[i];
                float pi = p[i];
                // ...are those of each sample alone, whatever the layout of target and prediction.
                for (int[][] shapes : new int[][][] {{{1, 1}, {1, 1}}, {{1}, {1, 1}}, {{1, 1}, {1}}, {{1}, {1}}}) {
                    Tensor v = l.perSample(new Tensor(new float[] {yi}, shapes[0]), new Tensor(new float[] {pi}, shapes[1]));
                    assertThat(v.numel()).as(name).isEqualTo(1);
                    assertThat(v.data()[0]).as(name + " " + java.util.Arrays.deepToString(shapes))
                            .isCloseTo(two[i], within(1e-6f));
                }
            }
        }
    }

    @Test
    void sparseLabelsOfOneSampleInEitherLayout() {
        Loss l = Losses.sparseCategoricalCrossentropy();
        Tensor p = Tensor.of(new float[][] {{0.2f, 0.7f, 0.1f}});
        float expected = (float) -Math.log(0.7);
        assertThat(l.call(t(new float[] {1}, 1), p).item()).isCloseTo(expected, within(1e-5f));
        assertThat(l.call(t(new float[] {1}, 1, 1), p).item()).isCloseTo(expected, within(1e-5f));
        // A wrong shape is still an error that names both shapes.
        assertThatThrownBy(() -> l.call(t(new float[] {1, 0}, 1, 2), p))
                .hasMessageContaining("target shape (1, 2)").hasMessageContaining("(1, 3)");
        assertThatThrownBy(() -> Losses.meanSquaredError().call(t(new float[] {1, 0}, 2, 1), t(new float[] {1}, 1, 1)))
                .hasMessageContaining("does not match");
    }

    @Test
    void everyMetricAcceptsABatchOfOne() {
        float[] y = {1f, 0f, 1f};
        float[] p = {0.8f, 0.3f, 0.4f};
        for (String name : List.of("accuracy", "binary_accuracy", "precision", "recall", "auc", "mse", "mae")) {
            Metric all = Metrics.get(name);
            all.update(t(y, 3, 1), t(p, 3, 1), null);
            Metric one = Metrics.get(name);
            for (int i = 0; i < 3; i++) {
                one.update(t(new float[] {y[i]}, 1, 1), t(new float[] {p[i]}, 1, 1), null);
            }
            assertThat(one.result()).as(name).isCloseTo(all.result(), within(1e-6));
        }
        Metric sparse = Metrics.get("sparse_categorical_accuracy");
        sparse.update(t(new float[] {1}, 1, 1), Tensor.of(new float[][] {{0.1f, 0.8f, 0.1f}}), null);
        assertThat(sparse.result()).isEqualTo(1.0);
    }

    @Test
    void fitOn65SamplesInBatchesOf64AndTrainOnBatchWithOneSample() {
        Cambium.seed(3);
        float[] xs = new float[65 * 3];
        float[] ys = new float[65];
        for (int i = 0; i < 65; i++) {
            for (int j = 0; j < 3; j++) {
                xs[i * 3 + j] = (i * 7 + j * 3) % 11 / 11f;
            }
            ys[i] = xs[i * 3] + 2 * xs[i * 3 + 1] - xs[i * 3 + 2];
        }
        for (String lossName : List.of("mse", "mae", "huber", "log_cosh")) {
            Sequential m = new Sequential(new Dense(1).inputShape(3));
            m.compile(new SGD(0.1f), Losses.get(lossName), Metrics.meanAbsoluteError());
            History h = m.fit(new Tensor(xs, 65, 3), new Tensor(ys, 65, 1), FitConfig.epochs(30).batchSize(64).verbose(0));
            List<Double> loss = h.history().get("loss");
            assertThat(loss.get(loss.size() - 1)).as(lossName).isLessThan(loss.get(0) * 0.5);
            Map<String, Double> one = m.trainOnBatch(new Tensor(new float[] {0.1f, 0.2f, 0.3f}, 1, 3),
                    new Tensor(new float[] {0.2f}, 1, 1));
            assertThat(one.get("loss")).as(lossName).isFinite();
        }
        Sequential bin = new Sequential(new Dense(1).activation("sigmoid").inputShape(3));
        bin.compile(new SGD(0.1f), Losses.binaryCrossentropy(), Metrics.accuracy(), Metrics.auc());
        List<Float> labels = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            labels.add(ys[i] > 1 ? 1f : 0f);
        }
        float[] lb = new float[65];
        for (int i = 0; i < 65; i++) {
            lb[i] = labels.get(i);
        }
        bin.fit(new Tensor(xs, 65, 3), new Tensor(lb, 65, 1), FitConfig.epochs(2).batchSize(64).verbose(0));
        assertThat(bin.trainOnBatch(new Tensor(new float[] {0.1f, 0.2f, 0.3f}, 1, 3), new Tensor(new float[] {1f}, 1, 1))
                .get("loss")).isFinite();
    }

    /** A loss by name with reduction NONE, for per-sample comparisons. */
    private static final class LossWithNone {
        final Loss loss;

        LossWithNone(String name) {
            this.loss = Losses.fromConfig(Map.of("name", name, "reduction", "none"));
            assertThat(loss.reduction()).isEqualTo(Reduction.NONE);
        }
    }
}
