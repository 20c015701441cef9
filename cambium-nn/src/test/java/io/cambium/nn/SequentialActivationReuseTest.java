package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.Lambda;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In inference with recording off, a Sequential reuses the arrays of activations that only its
 * stateless built-in layers saw, and never one that the caller, a hook or another layer can still
 * read.
 */
class SequentialActivationReuseTest {
    /** 64 samples of 16×16×4: the convolution's output (64·16·16·16 floats) is large enough to be pooled. */
    private static Tensor input(long seed) {
        return Tensor.normal(new Rng(seed), 0f, 1f, 64, 16, 16, 4);
    }

    private static Sequential cnn() {
        io.cambium.Cambium.seed(3);
        return new Sequential(new Conv2D(16, 3).padding("same").activation("relu").inputShape(16, 16, 4),
                new MaxPooling2D(2), new Flatten(), new Dense(10));
    }

    /** Asserts that the pool does not hold {@code array}: takes every array of its length there is. */
    private static void assertNotPooled(float[] array) {
        for (int i = 0; i < 2 * ArrayPool.PER_LENGTH; i++) {
            assertThat(ArrayPool.take(array.length)).isNotSameAs(array);
        }
    }

    private static Tensor predict(Sequential m, Tensor x) {
        try (NoGrad ignored = NoGrad.scope()) {
            return m.apply(x, false);
        }
    }

    /** Element for element (a failing AssertJ comparison of arrays this long takes minutes). */
    private static void assertEqualValues(float[] actual, float[] expected) {
        assertThat(Arrays.equals(actual, expected)).as("same values").isTrue();
    }

    @Test
    void repeatedInferenceReusesActivationsAndGivesTheSameResults() {
        Sequential m = cnn();
        Tensor x1 = input(1);
        Tensor x2 = input(2);
        float[] expected1 = predict(m, x1).toArray();
        float[] expected2 = predict(m, x2).toArray();
        long before = ArrayPool.reuseCount();
        assertEqualValues(predict(m, x1).toArray(), expected1);
        assertEqualValues(predict(m, x2).toArray(), expected2);
        assertThat(ArrayPool.reuseCount()).isGreaterThan(before);
        // The same values as a recorded (training-graph) forward pass, which reuses nothing.
        assertEqualValues(m.apply(x1, false).toArray(), expected1);
    }

    @Test
    void theCallersInputIsNeverReusedEvenBehindAView() {
        Sequential m = new Sequential(new Flatten().inputShape(64, 32), new Dense(8), new Dense(4));
        Tensor x = input(4).reshape(32, 64, 32);
        float[] copy = x.toArray();
        for (int i = 0; i < 3; i++) {
            predict(m, x);
            predict(m, input(5 + i).reshape(32, 64, 32));
        }
        assertEqualValues(x.toArray(), copy);
        assertNotPooled(x.data());
    }

    @Test
    void anActivationAHookSawIsNotReused() {
        Sequential m = cnn();
        List<Tensor> seen = new ArrayList<>();
        m.layers().get(0).addForwardHook(new ForwardHook() {
            @Override
            public void afterCall(Layer layer, List<Tensor> inputs, List<Tensor> outputs, boolean training) {
                seen.add(outputs.get(0));
            }
        });
        assertKeptIntactByLaterPredictions(m, seen);
    }

    @Test
    void anActivationAUserLayerReadIsNotReused() {
        List<Tensor> kept = new ArrayList<>();
        io.cambium.Cambium.seed(3);
        Sequential m = new Sequential(new Conv2D(16, 3).padding("same").inputShape(16, 16, 4),
                new Lambda(t -> {
                    kept.add(t);
                    return t.relu();
                }), new MaxPooling2D(2), new Flatten(), new Dense(10));
        assertKeptIntactByLaterPredictions(m, kept);
    }

    /**
     * Predicts once, then three more times on other inputs: the tensor {@code captured} got last in
     * the first prediction (building the model may capture one before) keeps its values and its
     * array never reaches the pool.
     */
    private static void assertKeptIntactByLaterPredictions(Sequential m, List<Tensor> captured) {
        predict(m, input(1));
        Tensor mine = captured.get(captured.size() - 1);
        float[] first = mine.toArray();
        for (int i = 0; i < 3; i++) {
            predict(m, input(10 + i));
        }
        assertEqualValues(mine.toArray(), first);
        assertNotPooled(mine.data());
    }
}
