package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The 2 x 2 max-pool forward loop: Math.max in window order, and the Vector API lanes against the scalar loop. */
class MaxWindowsTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, 2.5f, Float.NEGATIVE_INFINITY};

    private static MaxWindows vector() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (MaxWindows) Class.forName("io.cambium.tensor.kernels.vector.VectorMaxWindows")
                .getDeclaredConstructor().newInstance();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 16, 33, 64})
    void vectorLanesGiveTheScalarBits(int c) throws ReflectiveOperationException {
        Rng rng = new Rng(c);
        int off = 5;
        float[] x = new float[off + 4 * c];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.6 ? SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)]
                    : (float) rng.nextGaussian();
        }
        float[] outS = new float[c + 2];
        float[] outV = new float[c + 2];
        new MaxWindows.Scalar().max2x2(x, off, off + c, off + 2 * c, off + 3 * c, outS, 1, c);
        vector().max2x2(x, off, off + c, off + 2 * c, off + 3 * c, outV, 1, c);
        assertThat(bits(outV)).isEqualTo(bits(outS));
        for (int j = 0; j < c; j++) {
            float expected = Math.max(Math.max(Math.max(x[off + j], x[off + c + j]), x[off + 2 * c + j]),
                    x[off + 3 * c + j]);
            assertThat(Float.floatToRawIntBits(outS[1 + j])).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void nanWinsAndPositiveZeroBeatsNegativeZero(int useVector) throws ReflectiveOperationException {
        MaxWindows m = useVector == 1 ? vector() : new MaxWindows.Scalar();
        // Channel 0: -0, +0, -0, -0; channel 1: 1, NaN, 3, 2.
        float[] x = {-0f, 1f, 0f, Float.NaN, -0f, 3f, -0f, 2f};
        float[] out = new float[2];
        m.max2x2(x, 0, 2, 4, 6, out, 0, 2);
        assertThat(Float.floatToRawIntBits(out[0])).isEqualTo(Float.floatToRawIntBits(0f));
        assertThat(out[1]).isNaN();
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
