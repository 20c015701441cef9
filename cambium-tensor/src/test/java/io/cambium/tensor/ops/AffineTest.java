package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The fused affine op against finite differences, the unfused matmul/add/relu bit for bit, and the
 * thread count. (Its values against PyTorch's nn.Linear are checked through the Dense layer's
 * fixtures in cambium-nn.)
 */
class AffineTest {
    @Test
    void gradCheckWithAndWithoutBiasAndRelu() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.normal(rng, 0, 1, 5, 7);
        Tensor w = Tensor.normal(rng, 0, 1, 7, 4);
        Tensor b = Tensor.normal(rng, 0, 1, 4);
        GradCheck.of(in -> Affine.apply(in[0], in[1], in[2], false)).check(x, w, b);
        GradCheck.of(in -> Affine.apply(in[0], in[1], null, false)).check(x, w);
        // Keep pre-activations away from the ReLU's kink, where finite differences are wrong.
        Rng reluRng = new Rng(11);
        Tensor xr = Tensor.normal(reluRng, 0, 1, 6, 3);
        Tensor wr = Tensor.normal(reluRng, 0, 1, 3, 5);
        Tensor br = Tensor.normal(reluRng, 0, 1, 5);
        float[] z = xr.matmul(wr).add(br).data();
        for (float v : z) {
            assertThat(Math.abs(v)).as("pre-activation away from 0").isGreaterThan(1e-2f);
        }
        GradCheck.of(in -> Affine.apply(in[0], in[1], in[2], true)).check(xr, wr, br);
    }

    @Test
    void bitwiseTheUnfusedOps() {
        Rng rng = new Rng(4);
        Tensor x0 = Tensor.normal(rng, 0, 1, 33, 19);
        Tensor w0 = Tensor.normal(rng, 0, 1, 19, 37);
        Tensor b0 = Tensor.normal(rng, 0, 1, 37);
        Tensor g = Tensor.normal(rng, 0, 1, 33, 37);
        for (boolean relu : new boolean[] {false, true}) {
            Tensor x1 = x0.copy().requiresGrad(true);
            Tensor w1 = w0.copy().requiresGrad(true);
            Tensor b1 = b0.copy().requiresGrad(true);
            Tensor fused = Affine.apply(x1, w1, b1, relu);
            fused.backward(g);
            Tensor x2 = x0.copy().requiresGrad(true);
            Tensor w2 = w0.copy().requiresGrad(true);
            Tensor b2 = b0.copy().requiresGrad(true);
            Tensor plain = x2.matmul(w2).add(b2);
            if (relu) {
                plain = plain.relu();
            }
            plain.backward(g);
            assertThat(fused.data()).as("relu=%s values", relu).containsExactly(plain.data());
            assertThat(x1.grad().data()).as("relu=%s dx", relu).containsExactly(x2.grad().data());
            assertThat(w1.grad().data()).as("relu=%s dw", relu).containsExactly(w2.grad().data());
            assertThat(b1.grad().data()).as("relu=%s db", relu).containsExactly(b2.grad().data());
        }
    }

    @Test
    void bitwiseIndependentOfTheThreadCount() {
        Rng rng = new Rng(8);
        Tensor x0 = Tensor.normal(rng, 0, 1, 260, 130);
        Tensor w0 = Tensor.normal(rng, 0, 1, 130, 200);
        Tensor b0 = Tensor.normal(rng, 0, 1, 200);
        Tensor g = Tensor.normal(rng, 0, 1, 260, 200);
        int saved = Parallel.threads();
        float[][][] r = new float[2][][];
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                Tensor x = x0.copy().requiresGrad(true);
                Tensor w = w0.copy().requiresGrad(true);
                Tensor b = b0.copy().requiresGrad(true);
                Tensor y = Affine.apply(x, w, b, true);
                y.backward(g);
                r[threads - 1] = new float[][] {y.data(), x.grad().data(), w.grad().data(), b.grad().data()};
            }
        } finally {
            Parallel.setThreads(saved);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(r[1][i]).containsExactly(r[0][i]);
        }
    }

    @Test
    void shapeMismatchNamesTheOpAndTheShapes() {
        Tensor x = Tensor.zeros(4, 3);
        assertThatThrownBy(() -> Affine.apply(x, Tensor.zeros(5, 2), null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("affine").hasMessageContaining("x (4, 3)").hasMessageContaining("kernel (5, 2)");
        assertThatThrownBy(() -> Affine.apply(x, Tensor.zeros(3, 2), Tensor.zeros(3), false))
                .hasMessageContaining("bias (3,)");
    }
}
