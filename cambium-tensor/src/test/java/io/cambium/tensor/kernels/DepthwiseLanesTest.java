package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Depthwise convolution with multiplier 1 on {@link DepthwiseLanes}: the scalar and the Vector API
 * lanes give, bit for bit, the sums of the per-tap loop that served before them (products
 * rounded, then added, taps in kernel-row order, padded taps skipped).
 */
class DepthwiseLanesTest {
    private static DepthwiseLanes vector() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (DepthwiseLanes) Class.forName("io.cambium.tensor.kernels.vector.VectorDepthwiseLanes")
                .getDeclaredConstructor().newInstance();
    }

    /** n, h, w, channels, kernel, stride, dilation, same padding. */
    @ParameterizedTest
    @CsvSource({
        "1, 7, 7, 1, 3, 1, 1, true",
        "1, 7, 6, 3, 3, 2, 1, true",
        "2, 8, 8, 8, 3, 1, 1, false",
        "1, 9, 9, 13, 3, 2, 1, false",
        "3, 6, 7, 17, 3, 1, 1, true",
        "2, 8, 8, 48, 3, 2, 1, true",
        "1, 5, 5, 19, 5, 1, 1, true",
        "1, 9, 9, 24, 3, 1, 2, true",
        "2, 2, 3, 16, 3, 1, 1, true",
    })
    void lanesGiveTheBitsOfThePerTapLoop(int n, int h, int w, int ch, int kSize, int stride, int dil, boolean same)
            throws ReflectiveOperationException {
        ConvGeometry g = geometry(n, h, w, ch, kSize, stride, dil, same);
        Rng rng = new Rng(31L * ch + h);
        float[] x = gaussian(rng, n * h * w * ch);
        float[] k = gaussian(rng, kSize * kSize * ch);
        float[] dy = gaussian(rng, n * g.outPixels() * ch);

        float[] outRef = new float[dy.length];
        float[] dxRef = new float[x.length];
        float[] dkRef = new float[k.length];
        referenceForward(g, x, k, outRef);
        referenceBackward(g, x, k, dy, dxRef, dkRef);

        for (DepthwiseLanes lanes : new DepthwiseLanes[] {new DepthwiseLanes.Scalar(), vector()}) {
            String name = lanes.getClass().getSimpleName();
            float[] out = new float[dy.length];
            Arrays.fill(out, Float.NaN);              // every output value must be written
            Depthwise.forward(g, x, k, out, 0, n, lanes);
            assertThat(out).as(name + " forward").usingElementComparator(DepthwiseLanesTest::sameBits)
                    .containsExactly(box(outRef));

            float[] dx = new float[x.length];
            float[] dk = new float[k.length];
            Arrays.fill(dk, 7f);                      // "first" overwrites the kernel gradient
            // Two calls over the sample ranges [0, 1) and [1, n): the kernel gradient accumulates across them.
            Depthwise.backward(g, x, k, dy, dx, dk, 0, 1, true, lanes);
            Depthwise.backward(g, x, k, dy, dx, dk, 1, n, false, lanes);
            assertThat(dx).as(name + " input gradient").usingElementComparator(DepthwiseLanesTest::sameBits)
                    .containsExactly(box(dxRef));
            assertThat(dk).as(name + " kernel gradient").usingElementComparator(DepthwiseLanesTest::sameBits)
                    .containsExactly(box(dkRef));

            // Each gradient alone, as when the input or the kernel needs none.
            float[] dxOnly = new float[x.length];
            Depthwise.backward(g, x, k, dy, dxOnly, null, 0, n, true, lanes);
            assertThat(dxOnly).as(name + " input gradient alone").usingElementComparator(DepthwiseLanesTest::sameBits)
                    .containsExactly(box(dxRef));
            float[] dkOnly = new float[k.length];
            Depthwise.backward(g, x, k, dy, null, dkOnly, 0, n, true, lanes);
            assertThat(dkOnly).as(name + " kernel gradient alone").usingElementComparator(DepthwiseLanesTest::sameBits)
                    .containsExactly(box(dkRef));
        }
        // The sums are those of the convolution (not just of the loop): one value against a double sum.
        int c = ch - 1;
        int oy = g.ho() - 1;
        int ox = g.wo() / 2;
        double s = 0;
        for (int ky = 0; ky < kSize; ky++) {
            for (int kx = 0; kx < kSize; kx++) {
                int iy = oy * stride - g.padTop() + ky * dil;
                int ix = ox * stride - g.padLeft() + kx * dil;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    s += (double) x[((n - 1) * h * w + iy * w + ix) * ch + c] * k[(ky * kSize + kx) * ch + c];
                }
            }
        }
        assertThat((double) outRef[(((n - 1) * g.ho() + oy) * g.wo() + ox) * ch + c])
                .isCloseTo(s, org.assertj.core.data.Offset.offset(1e-4));
    }

    private static ConvGeometry geometry(int n, int h, int w, int ch, int kSize, int stride, int dil, boolean same) {
        int span = (kSize - 1) * dil + 1;
        int ho = same ? (h + stride - 1) / stride : (h - span) / stride + 1;
        int wo = same ? (w + stride - 1) / stride : (w - span) / stride + 1;
        int padH = same ? Math.max(0, (ho - 1) * stride + span - h) : 0;
        int padW = same ? Math.max(0, (wo - 1) * stride + span - w) : 0;
        return new ConvGeometry(n, h, w, ch, kSize, kSize, ch, ch, stride, stride, dil, dil, padH / 2, padW / 2, ho, wo);
    }

    /** The loops that served multiplier 1 before {@link DepthwiseLanes}. */
    private static void referenceForward(ConvGeometry g, float[] x, float[] k, float[] out) {
        int ch = g.cin();
        for (int n = 0; n < g.n(); n++) {
            for (int oy = 0; oy < g.ho(); oy++) {
                for (int ox = 0; ox < g.wo(); ox++) {
                    int o = ((n * g.ho() + oy) * g.wo() + ox) * ch;
                    Arrays.fill(out, o, o + ch, 0f);
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.sh() - g.padTop() + ky * g.dh();
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.sw() - g.padLeft() + kx * g.dw();
                            if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                continue;
                            }
                            int xo = ((n * g.h() + iy) * g.w() + ix) * ch;
                            int ko = (ky * g.kw() + kx) * ch;
                            for (int c = 0; c < ch; c++) {
                                out[o + c] += x[xo + c] * k[ko + c];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void referenceBackward(ConvGeometry g, float[] x, float[] k, float[] dy, float[] dx, float[] dk) {
        int ch = g.cin();
        for (int n = 0; n < g.n(); n++) {
            for (int oy = 0; oy < g.ho(); oy++) {
                for (int ox = 0; ox < g.wo(); ox++) {
                    int o = ((n * g.ho() + oy) * g.wo() + ox) * ch;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.sh() - g.padTop() + ky * g.dh();
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.sw() - g.padLeft() + kx * g.dw();
                            if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                continue;
                            }
                            int xo = ((n * g.h() + iy) * g.w() + ix) * ch;
                            int ko = (ky * g.kw() + kx) * ch;
                            for (int c = 0; c < ch; c++) {
                                float d = dy[o + c];
                                float s = 0f;
                                s += d * k[ko + c];
                                dk[ko + c] += x[xo + c] * d;
                                dx[xo + c] += s;
                            }
                        }
                    }
                }
            }
        }
    }

    private static float[] gaussian(Rng rng, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    private static Float[] box(float[] a) {
        Float[] b = new Float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    private static int sameBits(Float a, Float b) {
        return Integer.compare(Float.floatToRawIntBits(a), Float.floatToRawIntBits(b));
    }
}
