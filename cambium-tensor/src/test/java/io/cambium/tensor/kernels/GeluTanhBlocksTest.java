package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * GPT-2's tanh GELU runs as block passes that the JIT vectorizes: values and gradients must equal
 * the element-by-element formula with {@link FloatMath#tanhRational}, bit for bit, across block
 * boundaries, and stay within float rounding of the formula evaluated in double with the exact tanh.
 */
class GeluTanhBlocksTest {
    private static final float C = 0.044715f;
    private static final float K = (float) Math.sqrt(2.0 / Math.PI);

    @Test
    void blocksEqualTheScalarFormulaBitForBit() {
        Rng rng = new Rng(12);
        int n = 5 * 1024 + 77;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextGaussian() * 4);
        }
        v[3] = 30f;
        v[4] = -30f;
        Tensor x = Tensor.of(v, n).requiresGrad(true);
        Tensor y = x.gelu(true);
        Tensor g = Tensor.normal(rng, 0, 1, n);
        y.backward(g);
        // Unrecorded, the GELU runs the blocked kernel without keeping the tanh: the same values.
        assertThat(Tensor.of(v, n).gelu(true).data()).isEqualTo(y.data());
        for (int i = 0; i < n; i++) {
            float c = Math.min(Math.max(v[i], -10f), 10f);
            float t = FloatMath.tanhRational(K * (c + C * c * c * c));
            assertThat(y.data()[i]).as("gelu(%s)", v[i]).isEqualTo(0.5f * v[i] * (1f + t));
            float dinner = K * (1f + 3f * C * c * c);
            assertThat(x.grad().data()[i]).as("gelu'(%s)", v[i])
                    .isEqualTo(g.data()[i] * (0.5f * (1f + t) + 0.5f * c * (1f - t * t) * dinner));
            double u = Math.sqrt(2 / Math.PI) * (c + 0.044715 * c * c * c);
            double exact = 0.5 * v[i] * (1 + Math.tanh(u));
            // Six ulp of the tanh near +-1 (3.6e-7), times |x| / 2, plus the rounding of the result.
            assertThat((double) y.data()[i]).as("gelu(%s) against double", v[i])
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(2e-7 * Math.abs(v[i]) + 1e-6 * Math.abs(exact) + 1e-30));
        }
    }
}
