package io.cambium.nn.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.nn.losses.Loss.Reduction;
import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossBehaviourTest {
    @Test
    void reductionsAndSampleWeightsFollowKeras() {
        Tensor y = Tensor.of(new float[][] {{0, 0}, {1, 1}, {2, 2}});
        Tensor p = Tensor.of(new float[][] {{1, 1}, {1, 3}, {2, 4}});
        // Per-sample MSE: 1, 2, 2.
        assertThat(new MeanSquaredError(Reduction.NONE).call(y, p).data()).containsExactly(1, 2, 2);
        assertThat(new MeanSquaredError(Reduction.SUM).call(y, p).item()).isEqualTo(5f);
        assertThat(Losses.meanSquaredError().call(y, p).item()).isCloseTo(5f / 3, within(1e-6f));
        Tensor w = Tensor.of(new float[] {1, 0, 0.5f});
        // Weighted losses are divided by the number of samples, not by the sum of the weights.
        assertThat(Losses.meanSquaredError().call(y, p, w).item()).isCloseTo(2f / 3, within(1e-6f));
        assertThat(new MeanSquaredError(Reduction.SUM).call(y, p, w).item()).isCloseTo(2f, within(1e-6f));
    }

    @Test
    void crossEntropyOfLogitsIsTheSameRecordedOrNot() {
        // Unrecorded (validation) rows take the log-sum-exp path, recorded ones the softmax path:
        // both sum the same exponentials in the same order, so the losses agree bit for bit
        // (widths with and without a partial last vector, a large spread of logits).
        Rng rng = new Rng(5);
        for (int n : new int[] {1, 7, 8, 112, 257}) {
            Tensor logits = Tensor.normal(rng, 0, 6, 33, n);
            float[] labels = new float[33];
            for (int r = 0; r < labels.length; r++) {
                labels[r] = rng.nextInt(n);
            }
            Tensor y = Tensor.of(labels, 33);
            Loss loss = new SparseCategoricalCrossentropy(true, null, Reduction.NONE);
            float[] plain = loss.call(y, logits).data();
            float[] recorded = loss.call(y, logits.copy().requiresGrad(true)).data();
            assertThat(plain).as("width %d", n).isEqualTo(recorded);
        }
    }

    @Test
    void aConfidentWrongPredictionCostsWhatKerasCharges() {
        // Keras clips float32 probabilities to [1e-7, 0.99999988]: -log(1 - 0.99999988) = 15.9424
        // (a bound of 1 - 1e-7 in double gave 16.1181), and -log(1.0000000117e-7) = 16.1181.
        Tensor y = Tensor.of(new float[][] {{0}, {1}});
        Tensor p = Tensor.of(new float[][] {{1}, {0}});
        float[] perSample = new BinaryCrossentropy(false, 0, Reduction.NONE).call(y, p).data();
        assertThat(perSample[0]).isCloseTo(15.942385f, within(1e-4f));
        assertThat(perSample[1]).isCloseTo(16.118095f, within(1e-4f));
        Tensor oneHot = Tensor.of(new float[][] {{0, 1}});
        Tensor wrong = Tensor.of(new float[][] {{1, 0}});
        assertThat(new CategoricalCrossentropy(false, 0, Reduction.NONE).call(oneHot, wrong).item())
                .isCloseTo(16.118095f, within(1e-4f));
        assertThat(new CategoricalCrossentropy(false, 0, Reduction.NONE).call(wrong, wrong).item())
                .isCloseTo(1.1920929e-7f, within(1e-9f));
    }

    @Test
    void logitLossesStayFiniteForHugeLogits() {
        Tensor logits = Tensor.of(new float[][] {{1e4f, -1e4f, 0}, {-3e4f, 3e4f, 1e4f}});
        Tensor oneHot = Tensor.of(new float[][] {{0, 1, 0}, {1, 0, 0}});
        Tensor labels = Tensor.of(new float[] {1, 0});
        for (Loss l : List.of(Losses.categoricalCrossentropy(true), Losses.sparseCategoricalCrossentropy(true),
                Losses.binaryCrossentropy(true), new CategoricalFocalCrossentropy(0.25, 2, true, 0, Reduction.SUM_OVER_BATCH_SIZE),
                new BinaryFocalCrossentropy(true, 0.25, 2, true, 0.1, Reduction.SUM_OVER_BATCH_SIZE))) {
            Tensor x = logits.copy().requiresGrad(true);
            Tensor target = l instanceof SparseCategoricalCrossentropy ? labels : oneHot;
            Tensor v = l.call(target, x);
            v.backward();
            assertThat(Float.isFinite(v.item())).as(l.name()).isTrue();
            for (float g : x.grad().data()) {
                assertThat(Float.isFinite(g)).as(l.name() + " gradient").isTrue();
            }
        }
        // log-sum-exp: row 0 loses 2e4, row 1 loses 6e4; mean 4e4.
        assertThat(Losses.sparseCategoricalCrossentropy(true).call(labels, logits).item()).isCloseTo(4e4f, within(1f));
    }

    @Test
    void invalidLabelsAndShapesAreNamed() {
        Tensor p = Tensor.of(new float[][] {{0.2f, 0.8f}, {0.5f, 0.5f}});
        assertThatThrownBy(() -> Losses.sparseCategoricalCrossentropy().call(Tensor.of(new float[] {1, 2}), p))
                .hasMessageContaining("sparse_categorical_crossentropy: label 2.0 of sample 1 is not a class index in [0, 2)");
        assertThatThrownBy(() -> Losses.sparseCategoricalCrossentropy().call(Tensor.of(new float[] {0.5f, 1}), p))
                .hasMessageContaining("label 0.5");
        assertThatThrownBy(() -> Losses.categoricalCrossentropy().call(Tensor.zeros(2, 3), p))
                .hasMessageContaining("categorical_crossentropy: target shape (2, 3) does not match prediction shape (2, 2)");
        // A trailing axis of 1 on either side is accepted, as Keras squeezes it.
        assertThat(Losses.sparseCategoricalCrossentropy().call(Tensor.of(new float[] {1, 0}, 2, 1), p).item())
                .isCloseTo((float) (-(Math.log(0.8) + Math.log(0.5)) / 2), within(1e-6f));
        assertThat(Losses.binaryCrossentropy().call(Tensor.of(new float[] {1, 0}), Tensor.of(new float[] {0.9f, 0.2f}, 2, 1))
                .item()).isCloseTo((float) (-(Math.log(0.9) + Math.log(0.8)) / 2), within(1e-6f));
    }

    @Test
    void configsRoundTrip() {
        for (String name : List.of("mse", "mae", "mape", "msle", "huber", "log_cosh", "binary_crossentropy",
                "categorical_crossentropy", "sparse_categorical_crossentropy", "kld", "hinge", "squared_hinge",
                "categorical_hinge", "cosine_similarity", "poisson", "binary_focal_crossentropy",
                "categorical_focal_crossentropy")) {
            RowLoss l = (RowLoss) Losses.get(name);
            assertThat(Losses.toConfig((RowLoss) Losses.fromConfig(Losses.toConfig(l)))).isEqualTo(Losses.toConfig(l));
        }
        RowLoss custom = new BinaryFocalCrossentropy(true, 0.4, 1.5, true, 0.05, Reduction.SUM);
        assertThat(Losses.toConfig((RowLoss) Losses.fromConfig(Losses.toConfig(custom)))).isEqualTo(Losses.toConfig(custom))
                .containsEntry("reduction", "sum").containsEntry("gamma", 1.5);
        assertThatThrownBy(() -> Losses.get("mean_squid_error")).hasMessageContaining("unknown loss 'mean_squid_error'");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Rng r = new Rng(3);
        Tensor logits = Tensor.normal(r, 0, 3, 512, 300);
        Tensor labels = Tensor.zeros(512);
        for (int i = 0; i < 512; i++) {
            labels.data()[i] = r.nextInt(300);
        }
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor x1 = logits.copy().requiresGrad(true);
            Tensor a = Losses.sparseCategoricalCrossentropy(true).call(labels, x1);
            a.backward();
            Parallel.setThreads(2);
            Tensor x2 = logits.copy().requiresGrad(true);
            Tensor b = Losses.sparseCategoricalCrossentropy(true).call(labels, x2);
            b.backward();
            assertThat(b.item()).isEqualTo(a.item());
            assertThat(java.util.Arrays.equals(x1.grad().data(), x2.grad().data())).isTrue();
        } finally {
            Parallel.setThreads(before);
        }
    }
}
