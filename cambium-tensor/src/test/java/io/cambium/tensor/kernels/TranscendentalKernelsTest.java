package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The Vector API transcendentals give bitwise the results of the scalar ones, tails included. */
class TranscendentalKernelsTest {
    private static TranscendentalKernels vector() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (TranscendentalKernels) Class.forName("io.cambium.tensor.kernels.vector.VectorTranscendentals")
                .getDeclaredConstructor().newInstance();
    }

    private static float[] samples() {
        Rng rng = new Rng(3);
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f, -1e-30f,
            88.7f, 89f, -87.3f, -103.9f, -104f, 20f, -20f, 0.34f, -0.34f, 0.17f, 1e-8f};
        float[] x = new float[2_011];
        System.arraycopy(special, 0, x, 0, special.length);
        for (int i = special.length; i < x.length; i++) {
            double scale = i % 3 == 0 ? 100 : i % 3 == 1 ? 5 : 0.3;
            x[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }

    @Test
    void vectorLoopsAreBitwiseTheScalarOnes() throws ReflectiveOperationException {
        TranscendentalKernels v = vector();
        TranscendentalKernels s = new ScalarTranscendentals();
        float[] x = samples();
        for (int off : new int[] {0, 3}) {
            int n = x.length - off - 5;
            float[] a = new float[x.length];
            float[] b = new float[x.length];
            v.expShifted(x, off, 1.5f, a, 1, n);
            s.expShifted(x, off, 1.5f, b, 1, n);
            assertThat(a).as("exp").containsExactly(b);
            v.sigmoid(x, off, a, 2, n);
            s.sigmoid(x, off, b, 2, n);
            assertThat(a).as("sigmoid").containsExactly(b);
            v.tanh(x, off, a, 0, n);
            s.tanh(x, off, b, 0, n);
            assertThat(a).as("tanh").containsExactly(b);
        }
    }
}
