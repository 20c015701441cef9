package io.cambium.nn.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** Losses whose gradient can be differentiated again (createGraph), checked by finite differences. */
class LossSecondOrderTest {
    private final Rng rng = new Rng(21);

    @Test
    void binaryCrossentropyFromLogitsWithSmoothing() {
        Tensor y = Tensor.uniform(rng, 0f, 1f, 4, 3);
        GradCheck.of(in -> new BinaryCrossentropy(true, 0.2, Loss.Reduction.SUM_OVER_BATCH_SIZE).call(y, in[0]))
                .checkSecondOrder(Tensor.normal(rng, 0f, 2f, 4, 3));
        Tensor labels = Tensor.of(new float[] {1f, 0f, 1f, 1f, 0f});
        GradCheck.of(in -> Losses.binaryCrossentropy(true).call(labels, in[0]))
                .checkSecondOrder(Tensor.normal(rng, 0f, 2f, 5));
    }

    @Test
    void binaryCrossentropyFromProbabilities() {
        Tensor y = Tensor.uniform(rng, 0f, 1f, 3, 4);
        GradCheck.of(in -> Losses.binaryCrossentropy().call(y, in[0].sigmoid()))
                .checkSecondOrder(Tensor.normal(rng, 0f, 1f, 3, 4));
    }

    @Test
    void meanSquaredErrorWithSampleWeights() {
        Tensor y = Tensor.normal(rng, 0f, 1f, 4, 2);
        Tensor w = Tensor.of(new float[] {1f, 0.5f, 2f, 0f});
        GradCheck.of(in -> Losses.meanSquaredError().call(y, in[0].tanh(), w))
                .checkSecondOrder(Tensor.normal(rng, 0f, 1f, 4, 2));
    }

    @Test
    void aLossWithoutADerivativeFailsNamingItWhenDifferentiatedTwice() {
        Tensor p = Tensor.normal(rng, 0f, 1f, 3, 4).requiresGrad(true);
        Tensor labels = Tensor.of(new float[] {0f, 2f, 3f});
        Tensor g = Autograd.grad(Losses.sparseCategoricalCrossentropy(true).call(labels, p), true, p)[0];
        assertThat(g.requiresGrad()).isTrue();
        assertThatThrownBy(() -> g.square().sum().backward()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("sparse_categorical_crossentropy");
    }
}
