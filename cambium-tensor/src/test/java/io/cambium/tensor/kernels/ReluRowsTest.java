package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ReLU backward rows of convolutions: the rule, and the Vector API lanes against the scalar loop. */
class ReluRowsTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, 2.5f, -3f};

    private static ReluRows vector() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (ReluRows) Class.forName("io.cambium.tensor.kernels.vector.VectorReluRows")
                .getDeclaredConstructor().newInstance();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 19, 32})
    void vectorLanesGiveTheScalarBits(int cout) throws ReflectiveOperationException {
        Rng rng = new Rng(cout);
        int rows = 7;
        float[] out = new float[rows * cout];
        float[] dy = new float[rows * cout];
        for (int i = 0; i < out.length; i++) {
            out[i] = SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)];
            dy[i] = rng.nextDouble() < 0.2 ? SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)]
                    : (float) rng.nextGaussian();
        }
        for (boolean relu : new boolean[] {true, false}) {
            float[] dzS = new float[dy.length];
            float[] dzV = new float[dy.length];
            float[] accS = new float[cout];
            float[] accV = new float[cout];
            for (int c = 0; c < cout; c++) {
                accS[c] = accV[c] = (float) rng.nextGaussian();
            }
            // Rows 1..6 only: row 0 must stay untouched.
            new ReluRows.Scalar().backward(out, dy, dzS, accS, cout, 1, rows, relu);
            vector().backward(out, dy, dzV, accV, cout, 1, rows, relu);
            assertThat(bits(dzV)).isEqualTo(bits(dzS));
            assertThat(bits(accV)).isEqualTo(bits(accS));
            for (int i = 0; i < dy.length; i++) {
                float expected = relu && i >= cout ? (out[i] > 0f ? dy[i] : 0f) : 0f;
                assertThat(Float.floatToRawIntBits(dzS[i])).as("relu=" + relu + " element " + i)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
