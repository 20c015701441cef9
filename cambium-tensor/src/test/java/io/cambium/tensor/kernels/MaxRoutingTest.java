package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The max-pool gradient routing: the rule itself, and the Vector API lanes against the scalar loop. */
class MaxRoutingTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, 2.5f};

    private static MaxRouting vector() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (MaxRouting) Class.forName("io.cambium.tensor.kernels.vector.VectorMaxRouting")
                .getDeclaredConstructor().newInstance();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 16, 33, 64})
    void vectorLanesGiveTheScalarBits(int c) throws ReflectiveOperationException {
        MaxRouting v = vector();
        MaxRouting s = new MaxRouting.Scalar();
        Rng rng = new Rng(c);
        int off = 3;
        float[] x = new float[off + c];
        float[] y = new float[off + c];
        float[] rest = new float[c];
        for (int j = 0; j < c; j++) {
            x[off + j] = SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)];
            // Half the channels hold this cell's value as the maximum (or the other zero).
            y[off + j] = rng.nextDouble() < 0.5 ? (x[off + j] == 0f ? -x[off + j] : x[off + j])
                    : SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)];
            rest[j] = (float) rng.nextGaussian();
        }
        float[] dxS = new float[off + c];
        float[] dxV = new float[off + c];
        for (int j = 0; j < dxS.length; j++) {
            dxS[j] = dxV[j] = (float) rng.nextGaussian();
        }
        float[] restS = rest.clone();
        float[] restV = rest.clone();
        s.route(x, off, y, off, restS, dxS, c);
        v.route(x, off, y, off, restV, dxV, c);
        assertThat(bits(dxV)).isEqualTo(bits(dxS));
        assertThat(bits(restV)).isEqualTo(bits(restS));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theFirstMatchingCellTakesTheGradientOnce(int useVector) throws ReflectiveOperationException {
        MaxRouting r = useVector == 1 ? vector() : new MaxRouting.Scalar();
        float[] window = {3f, 5f, 5f, -0f};
        float[] max = {5f};
        float[] rest = {2f};
        float[] dx = new float[window.length];
        for (int cell = 0; cell < window.length; cell++) {
            r.route(window, cell, max, 0, rest, dx, 1);
        }
        assertThat(dx).containsExactly(0f, 2f, 0f, 0f);
        assertThat(rest).containsExactly(0f);
        float[] zeros = {-0f};
        float[] zeroMax = {0f};
        float[] held = {1.5f};
        float[] dz = new float[1];
        r.route(zeros, 0, zeroMax, 0, held, dz, 1);
        assertThat(dz).containsExactly(1.5f);
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
