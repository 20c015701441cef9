package io.cambium.nn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Integer class labels and token ids are accepted as int arrays (issue 14). */
class IntegerLabelsTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(3);
    }

    /** Three Gaussian blobs in 2-D with int labels. */
    private static Object[] blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        float[][] centers = {{-2, 0}, {2, 0}, {0, 2.5f}};
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            x[2 * i] = centers[c][0] + (float) rng.nextGaussian() * 0.6f;
            x[2 * i + 1] = centers[c][1] + (float) rng.nextGaussian() * 0.6f;
        }
        return new Object[] {new Tensor(x, n, 2), y};
    }

    @Test
    void fitEvaluateAndTrainOnBatchTakeIntLabels() {
        Object[] train = blobs(300, 1);
        Object[] test = blobs(150, 2);
        var model = new Sequential(new Dense(16).activation("relu").inputShape(2), new Dense(3));
        model.compile(new Adam(0.05), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        Map<String, Double> before = model.evaluate((Tensor) test[0], (int[]) test[1]);
        model.fit((Tensor) train[0], (int[]) train[1], FitConfig.epochs(15).batchSize(32).quiet()
                .validationData((Tensor) test[0], (int[]) test[1]));
        Map<String, Double> after = model.evaluate((Tensor) test[0], (int[]) test[1], 64);
        assertThat(after.get("loss")).isLessThan(before.get("loss") * 0.5);
        assertThat(after.get("accuracy")).isGreaterThan(0.95);
        Map<String, Double> step = model.trainOnBatch((Tensor) train[0], (int[]) train[1]);
        assertThat(step.get("loss")).isFinite();
        // Predicted classes come back as ints too.
        int[] predicted = model.predict((Tensor) test[0]).argmax(-1, false).toIntArray();
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == ((int[]) test[1])[i] ? 1 : 0;
        }
        assertThat(right / 150.0).isCloseTo(after.get("accuracy"), offset(1e-9));
    }

    @Test
    void sparseLossTakesIntLabelsLikeFloatOnes() {
        Tensor probs = Tensor.of(new float[][] {{0.7f, 0.2f, 0.1f}, {0.1f, 0.1f, 0.8f}});
        Loss loss = Losses.sparseCategoricalCrossentropy();
        float fromInts = loss.call(new int[] {0, 2}, probs).item();
        float fromFloats = loss.call(Tensor.of(new float[] {0, 2}), probs).item();
        assertThat(fromInts).isEqualTo(fromFloats);
        assertThat((double) fromInts).isCloseTo(-(Math.log(0.7) + Math.log(0.8)) / 2, offset(1e-6));
    }

    @Test
    void tokenIdsFeedEmbeddingAndSparseCrossEntropy() {
        int[][] tokens = {{1, 5, 9, 2}, {3, 3, 7, 0}};
        int[][] next = {{5, 9, 2, 4}, {3, 7, 0, 0}};
        var lm = new Sequential(new Embedding(10, 4).inputShape(4), new Dense(10));
        lm.compile(new Adam(0.05), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        Tensor ids = Tensor.of(tokens);
        Tensor targets = Tensor.of(next);
        double first = lm.evaluate(ids, targets).get("loss");
        lm.fit(ids, targets, FitConfig.epochs(60).batchSize(2).quiet());
        assertThat(lm.evaluate(ids, targets).get("loss")).isLessThan(first * 0.2);
        assertThat(lm.predict(ids).shape()).containsExactly(2, 4, 10);
        assertThat(new Flatten().apply(Tensor.of(new int[] {1, 2, 3, 4}, 2, 2)).shape()).containsExactly(2, 2);
    }
}
