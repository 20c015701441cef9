package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    @Test
    void namedActivationsHaveKerasValues() {
        Tensor x = Tensor.of(new float[] {-2f, -0.5f, 0.5f, 3f});
        assertThat(Activations.get("relu").apply(x).data()).containsExactly(0f, 0f, 0.5f, 3f);
        assertThat(Activations.get("leaky_relu").apply(x).data()[0]).isCloseTo(-0.4f, offset(1e-6f));
        assertThat(Activations.get("sigmoid").apply(x).data()[3]).isCloseTo((float) (1 / (1 + Math.exp(-3))), offset(1e-6f));
        assertThat(Activations.get("swish").apply(x).data()[3]).isCloseTo((float) (3 / (1 + Math.exp(-3))), offset(1e-5f));
        Tensor sm = Activations.get("softmax").apply(Tensor.of(new float[][] {{1, 2, 3}, {0, 0, 0}}));
        assertThat(sm.get(1, 2)).isCloseTo(1f / 3, offset(1e-6f));
        assertThat(sm.get(0, 0) + sm.get(0, 1) + sm.get(0, 2)).isCloseTo(1f, offset(1e-6f));
        assertThat(Activations.nameOf(Activations.get("tanh"))).isEqualTo("tanh");
        assertThatThrownBy(() -> Activations.get("rleu")).hasMessageContaining("unknown activation 'rleu'")
                .hasMessageContaining("relu");
    }

    @Test
    void activationLayerAndDenseByNameAreDifferentiable() {
        GradCheck.of(in -> new Activation("tanh").apply(in[0], true)).check(Tensor.randn(3, 4));
        Dense d = new Dense(3).activation("softmax");
        Tensor probs = d.apply(Tensor.randn(5, 4));
        assertThat(probs.sum().item()).isCloseTo(5f, offset(1e-5f));
        assertThat(d.config().get("activation")).isEqualTo("softmax");
        GradCheck.of(in -> d.apply(in[0], true)).check(Tensor.randn(2, 4));
    }
}
