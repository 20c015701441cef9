package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The fused bias + exact GELU against PyTorch (tools/fixtures/gen_fused_activations.py), finite
 * differences, the unfused ops bit for bit, and the thread count.
 */
class BiasGeluTest {
    @Test
    void matchesPyTorch() {
        Fixtures fx = Fixtures.load("fused_activations.json");
        for (String name : fx.names()) {
            Fixtures.Case c = fx.get(name);
            Tensor x = c.tensor("x").requiresGrad(true);
            Tensor b = c.tensor("bias").requiresGrad(true);
            Tensor out = Activations.biasGelu(x, b);
            Fixtures.assertClose(name + " out", c.tensor("out"), out, 1e-5, 1e-6);
            out.backward(c.tensor("r"));
            Fixtures.assertClose(name + " gx", c.tensor("gx"), x.grad(), 1e-5, 1e-6);
            Fixtures.assertClose(name + " gbias", c.tensor("gbias"), b.grad(), 1e-5, 1e-5);
        }
    }

    @Test
    void gradCheckWithAndWithoutBias() {
        Rng rng = new Rng(2);
        GradCheck.of(in -> Activations.biasGelu(in[0], in[1]))
                .check(Tensor.normal(rng, 0, 2, 4, 3, 11), Tensor.normal(rng, 0, 1, 11));
        GradCheck.of(in -> Activations.biasGelu(in[0], null)).check(Tensor.normal(rng, 0, 2, 5, 9));
    }

    @Test
    void bitwiseTheUnfusedAddAndGelu() {
        Rng rng = new Rng(5);
        // 37 columns: vector lanes and scalar tails; values far out in both tails too.
        Tensor x0 = Tensor.normal(rng, 0, 4, 9, 37);
        Tensor b0 = Tensor.normal(rng, 0, 1, 37);
        x0.data()[0] = -30f;
        x0.data()[1] = 30f;
        Tensor g = Tensor.normal(rng, 0, 1, 9, 37);
        Tensor x1 = x0.copy().requiresGrad(true);
        Tensor b1 = b0.copy().requiresGrad(true);
        Tensor fused = Activations.biasGelu(x1, b1);
        fused.backward(g);
        Tensor x2 = x0.copy().requiresGrad(true);
        Tensor b2 = b0.copy().requiresGrad(true);
        Tensor plain = x2.add(b2).gelu();
        plain.backward(g);
        assertThat(fused.data()).containsExactly(plain.data());
        assertThat(x1.grad().data()).containsExactly(x2.grad().data());
        assertThat(b1.grad().data()).containsExactly(b2.grad().data());
        try (NoGrad ng = NoGrad.scope()) {
            assertThat(Activations.biasGelu(x0, b0).data()).containsExactly(plain.data());
            assertThat(Activations.biasGelu(x0, null).data()).containsExactly(x0.gelu().data());
        }
    }

    @Test
    void bitwiseIndependentOfTheThreadCount() {
        Rng rng = new Rng(6);
        Tensor x0 = Tensor.normal(rng, 0, 2, 300, 520);
        Tensor b0 = Tensor.normal(rng, 0, 1, 520);
        Tensor g = Tensor.normal(rng, 0, 1, 300, 520);
        int saved = Parallel.threads();
        float[][] r = new float[6][];
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                Tensor x = x0.copy().requiresGrad(true);
                Tensor b = b0.copy().requiresGrad(true);
                Tensor out = Activations.biasGelu(x, b);
                out.backward(g);
                int k = (threads - 1) * 3;
                r[k] = out.data();
                r[k + 1] = x.grad().data();
                r[k + 2] = b.grad().data();
            }
        } finally {
            Parallel.setThreads(saved);
        }
        for (int k = 0; k < 3; k++) {
            assertThat(r[k + 3]).containsExactly(r[k]);
        }
    }

    @Test
    void rejectsABiasOfTheWrongShape() {
        assertThatThrownBy(() -> Activations.biasGelu(Tensor.zeros(2, 3), Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias_gelu")
                .hasMessageContaining("[3]");
    }
}
