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
            v.erf(x, off, a, 1, n);
            s.erf(x, off, b, 1, n);
            assertThat(a).as("erf").containsExactly(b);
            v.gelu(x, off, a, 2, n);
            s.gelu(x, off, b, 2, n);
            assertThat(a).as("gelu").containsExactly(b);
            float[] g = samples();
            float[] gv = g.clone();
            float[] gs = g.clone();
            v.geluBackward(x, off, g, a, 1, n);
            s.geluBackward(x, off, g, b, 1, n);
            assertThat(a).as("gelu backward").containsExactly(b);
            v.geluBackward(x, off, gv, gv, 3, n);
            s.geluBackward(x, off, gs, gs, 3, n);
            assertThat(gv).as("gelu backward in place").containsExactly(gs);
        }
    }

    @Test
    void biasGeluIsBitwiseTheScalarOneAndFloatMath() throws ReflectiveOperationException {
        TranscendentalKernels v = vector();
        TranscendentalKernels s = new ScalarTranscendentals();
        float[] x = samples();
        float[] bias = samples();
        for (int off : new int[] {0, 3}) {
            int n = x.length - off - 5;
            for (float[] b : new float[][] {bias, null}) {
                float[] yv = new float[x.length];
                float[] dv = new float[x.length];
                float[] ys = new float[x.length];
                float[] ds = new float[x.length];
                v.biasGelu(x, off, b, 2, yv, dv, 1, n);
                s.biasGelu(x, off, b, 2, ys, ds, 1, n);
                assertThat(yv).as("bias gelu").containsExactly(ys);
                assertThat(dv).as("bias gelu derivative").containsExactly(ds);
                float[] yOnly = new float[x.length];
                v.biasGelu(x, off, b, 2, yOnly, null, 1, n);
                assertThat(yOnly).as("bias gelu without derivative").containsExactly(ys);
                for (int j = 0; j < n; j++) {
                    float in = b == null ? x[off + j] : x[off + j] + b[2 + j];
                    assertThat(Float.floatToIntBits(ys[1 + j])).isEqualTo(Float.floatToIntBits(FloatMath.gelu(in)));
                    assertThat(Float.floatToIntBits(ds[1 + j]))
                            .isEqualTo(Float.floatToIntBits(FloatMath.geluDerivative(in)));
                }
            }
        }
    }

    @Test
    void scalarGeluKernelsAreFloatMath() {
        TranscendentalKernels s = new ScalarTranscendentals();
        float[] x = samples();
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, 2f);
        float[] y = new float[x.length];
        float[] d = new float[x.length];
        s.gelu(x, 0, y, 0, x.length);
        s.geluBackward(x, 0, g, d, 0, x.length);
        float[] y2 = new float[x.length];
        float[] d2 = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y2[i] = FloatMath.gelu(x[i]);
            d2[i] = 2f * FloatMath.geluDerivative(x[i]);
        }
        assertThat(y).containsExactly(y2);
        assertThat(d).containsExactly(d2);
    }

    /** erf in double from its Taylor series (accurate to ~1e-11 for |x| <= 4, where the float erf is not 1). */
    private static double erfSeries(double x) {
        if (Math.abs(x) > 4) {
            return Math.signum(x);
        }
        double term = x;
        double sum = x;
        for (int n = 1; n < 200 && Math.abs(term) > 1e-18; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void floatErfIsWithin1e7OfTheExactValueOnADenseGrid() {
        double worst = 0;
        for (int i = -60_000; i <= 60_000; i++) {
            float x = i * 1e-4f;
            worst = Math.max(worst, Math.abs(FloatMath.erf(x) - erfSeries(x)));
        }
        // Also the float neighbours of the branch point and of the clamp.
        for (float x : new float[] {Math.nextDown(1f), 1f, Math.nextUp(1f), Math.nextDown(4f), 4f, Math.nextUp(4f)}) {
            worst = Math.max(worst, Math.abs(FloatMath.erf(x) - erfSeries(x)));
            worst = Math.max(worst, Math.abs(FloatMath.erf(-x) - erfSeries(-x)));
        }
        assertThat(worst).isLessThan(1e-7);
        assertThat(FloatMath.erf(0f)).isEqualTo(0f);
        assertThat(FloatMath.erf(1e-30f)).isCloseTo((float) (2 / Math.sqrt(Math.PI) * 1e-30f),
                org.assertj.core.data.Percentage.withPercentage(1e-5));
        assertThat(FloatMath.erf(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
    }
}
