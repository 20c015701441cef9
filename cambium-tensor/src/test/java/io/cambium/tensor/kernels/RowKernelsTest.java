package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The Vector API row kernels agree with the plain-Java ones (double accumulation) to float
 * rounding, on rows with and without scalar tails, and give the same bits when run again.
 */
class RowKernelsTest {
    private static final int[] LENGTHS = {1, 5, 8, 13, 32, 77, 128, 131};

    private static RowKernels vector() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (RowKernels) Class.forName("io.cambium.tensor.kernels.vector.VectorRows").getDeclaredConstructor()
                .newInstance();
    }

    private static float[] normal(Rng rng, int n, double scale, double shift) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextGaussian() * scale + shift);
        }
        return x;
    }

    private static void assertNear(float[] expected, float[] actual, double rtol, double atol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("index %d", i)
                    .isCloseTo(expected[i], within(atol + rtol * Math.abs(expected[i])));
        }
    }

    @Test
    void softmaxForwardAndBackwardAgree() throws ReflectiveOperationException {
        RowKernels v = vector();
        RowKernels s = new ScalarRows();
        Rng rng = new Rng(1);
        for (int n : LENGTHS) {
            float[] x = normal(rng, n + 3, 4, 0);
            x[3] = 40f;
            float[] pv = x.clone();
            float[] ps = x.clone();
            v.softmaxInPlace(pv, 2, n);
            s.softmaxInPlace(ps, 2, n);
            assertNear(ps, pv, 1e-6, 1e-7);
            float[] again = x.clone();
            v.softmaxInPlace(again, 2, n);
            assertThat(again).containsExactly(pv);
            float[] g = normal(rng, n + 1, 1, 0);
            float[] gv = g.clone();
            float[] gs = g.clone();
            v.softmaxBackwardInPlace(ps, 2, gv, 1, n);
            s.softmaxBackwardInPlace(ps, 2, gs, 1, n);
            assertNear(gs, gv, 1e-5, 1e-6);
        }
    }

    @Test
    void softmaxOfAnInfiniteOrNaNEntryIsThatOfTheScalarLoop() throws ReflectiveOperationException {
        RowKernels v = vector();
        RowKernels s = new ScalarRows();
        for (float special : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] x = new float[19];
            x[11] = special;
            float[] pv = x.clone();
            float[] ps = x.clone();
            v.softmaxInPlace(pv, 0, x.length);
            s.softmaxInPlace(ps, 0, x.length);
            assertThat(pv).containsExactly(ps);
        }
    }

    @Test
    void layerNormRowsAgree() throws ReflectiveOperationException {
        RowKernels v = vector();
        RowKernels s = new ScalarRows();
        Rng rng = new Rng(2);
        for (int m : LENGTHS) {
            int rows = 3;
            // A large common offset: the variance must come from the deviations.
            float[] x = normal(rng, rows * m, 2, 100);
            float[] g = normal(rng, rows * m, 1, 0);
            float[] gamma = normal(rng, m, 1, 1);
            float[] beta = normal(rng, m, 1, 0);
            for (boolean affine : new boolean[] {true, false}) {
                float[] ga = affine ? gamma : null;
                float[] be = affine ? beta : null;
                float[] ov = new float[rows * m];
                float[] os = new float[rows * m];
                float[] mv = new float[rows];
                float[] ms = new float[rows];
                float[] rv = new float[rows];
                float[] rs = new float[rows];
                float[] dv = new float[rows * m];
                float[] ds = new float[rows * m];
                for (int r = 0; r < rows; r++) {
                    v.layerNormRow(x, r, m, 1e-5f, ga, be, ov, mv, rv);
                    s.layerNormRow(x, r, m, 1e-5f, ga, be, os, ms, rs);
                    v.layerNormBackwardRow(x, g, r, m, ga, ms[r], rs[r], dv);
                    s.layerNormBackwardRow(x, g, r, m, ga, ms[r], rs[r], ds);
                }
                assertNear(ms, mv, 1e-6, 0);
                assertNear(rs, rv, 1e-4, 0);
                assertNear(os, ov, 1e-4, 1e-4);
                assertNear(ds, dv, 1e-4, 1e-4);
            }
        }
    }
}
