package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finite-difference checks, thread-count independence and shape errors of the convolution ops. */
class ConvGradCheckTest {
    private static final int THREADS = Parallel.threads();
    private final Rng rng = new Rng(7);

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(THREADS);
    }

    private Tensor randn(int... shape) {
        return Tensor.normal(rng, 0f, 1f, shape);
    }

    @Test
    void conv2dGradients() {
        GradCheck.of(in -> in[0].conv2d(in[1], new int[] {2, 1}, ConvPadding.SAME, new int[] {1, 2}, 1))
                .check(randn(2, 5, 6, 3), randn(3, 2, 3, 4));
        GradCheck.of(in -> in[0].conv2d(in[1], 1, ConvPadding.VALID)).check(randn(3, 4, 4, 2), randn(3, 3, 2, 2));
        // Single-channel input (a direct kernel); 33 filters span full vectors and a tail.
        GradCheck.of(in -> in[0].conv2d(in[1], new int[] {2, 1}, ConvPadding.SAME, new int[] {1, 2}, 1))
                .check(randn(2, 5, 6, 1), randn(3, 2, 1, 33));
    }

    @Test
    void directConvGradients() {
        // Stride 1, one group, 16 output channels: the direct kernels (with the Vector API); 16 input
        // channels take the input gradient there too, 3 leave it to the patch matrix. The op is
        // linear in each input, so a larger step only lowers the float32 rounding noise of sums
        // over 144 taps.
        GradCheck.of(in -> in[0].conv2d(in[1], new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, 1)).eps(2e-2)
                .check(randn(2, 3, 4, 16), randn(3, 3, 16, 16));
        GradCheck.of(in -> in[0].conv2d(in[1], new int[] {1, 1}, ConvPadding.VALID, new int[] {2, 1}, 1)).eps(2e-2)
                .check(randn(2, 5, 4, 3), randn(2, 2, 3, 16));
        GradCheck.of(in -> in[0].conv1d(in[1], 1, ConvPadding.CAUSAL, 2, 1)).eps(2e-2)
                .check(randn(2, 6, 16), randn(3, 16, 16));
        GradCheck.of(in -> in[0].conv2dTranspose(in[1], new int[] {1, 1}, ConvPadding.SAME, null)).eps(2e-2)
                .check(randn(1, 3, 3, 16), randn(2, 2, 16, 16));
    }

    @Test
    void groupedAndDepthwiseConv2dGradients() {
        GradCheck.of(in -> in[0].conv2d(in[1], new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, 2))
                .check(randn(2, 4, 4, 4), randn(3, 3, 2, 4));
        GradCheck.of(in -> in[0].conv2d(in[1], new int[] {2, 2}, ConvPadding.SAME, new int[] {1, 1}, 3))
                .check(randn(2, 5, 5, 3), randn(3, 3, 1, 6));
    }

    @Test
    void fusedBiasReluGradients() {
        // Inputs away from the ReLU kink: finite differences across it are meaningless.
        Tensor x = randn(2, 4, 5, 3);
        Tensor k = randn(3, 3, 3, 2);
        Tensor z = x.conv2d(k, new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, 1);
        Tensor b = Tensor.of(new float[] {0.3f, -0.2f}, 2);
        float[] zd = z.add(b).data();
        for (float v : zd) {
            assertThat(Math.abs(v)).isGreaterThan(1e-2f);
        }
        GradCheck.of(in -> in[0].conv2d(in[1], in[2], true, new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, 1))
                .check(x, k, b);
        GradCheck.of(in -> in[0].conv1d(in[1], in[2], false, 2, ConvPadding.SAME, 1, 1))
                .check(randn(2, 7, 3), randn(3, 3, 4), randn(4));
    }

    @Test
    void fusedBiasReluEqualsTheSeparateOpsAndIsThreadCountIndependent() {
        Tensor x = randn(9, 6, 5, 3).requiresGrad(true);
        Tensor k = randn(3, 3, 3, 4).requiresGrad(true);
        Tensor b = randn(4).requiresGrad(true);
        Tensor gout = randn(9, 6, 5, 4);
        int[] one = {1, 1};
        Tensor ref = x.conv2d(k, one, ConvPadding.SAME, one, 1).add(b).relu();
        ref.backward(gout);
        float[][] refGrads = {x.grad().toArray(), k.grad().toArray(), b.grad().toArray()};
        float[][] first = null;
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            x.zeroGrad();
            k.zeroGrad();
            b.zeroGrad();
            Tensor y = x.conv2d(k, b, true, one, ConvPadding.SAME, one, 1);
            assertThat(y.toArray()).containsExactly(ref.toArray());
            y.backward(gout);
            float[][] grads = {x.grad().toArray(), k.grad().toArray(), b.grad().toArray()};
            assertThat(grads[0]).containsExactly(refGrads[0]);
            assertThat(grads[1]).containsExactly(refGrads[1]);
            assertThat(grads[2]).usingComparatorWithPrecision(1e-4f).containsExactly(refGrads[2]);
            if (first == null) {
                first = grads;
            } else {
                assertThat(grads).isDeepEqualTo(first);
            }
        }
    }

    @Test
    void directFusedBiasReluEqualsTheSeparateOpsAndIsThreadCountIndependent() {
        // 19 samples (ranges of unequal size), 16 -> 32 channels: the direct kernels for every part.
        Tensor x = randn(19, 7, 6, 16).requiresGrad(true);
        Tensor k = randn(3, 3, 16, 32).requiresGrad(true);
        Tensor b = randn(32).requiresGrad(true);
        Tensor gout = randn(19, 7, 6, 32);
        int[] one = {1, 1};
        Tensor ref = x.conv2d(k, one, ConvPadding.SAME, one, 1).add(b).relu();
        ref.backward(gout);
        float[][] refGrads = {x.grad().toArray(), k.grad().toArray(), b.grad().toArray()};
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            x.zeroGrad();
            k.zeroGrad();
            b.zeroGrad();
            Tensor y = x.conv2d(k, b, true, one, ConvPadding.SAME, one, 1);
            assertThat(y.toArray()).as("threads=" + threads).containsExactly(ref.toArray());
            y.backward(gout);
            assertThat(x.grad().toArray()).as("threads=" + threads).containsExactly(refGrads[0]);
            assertThat(k.grad().toArray()).as("threads=" + threads).containsExactly(refGrads[1]);
            assertThat(b.grad().toArray()).as("threads=" + threads).usingComparatorWithPrecision(1e-4f)
                    .containsExactly(refGrads[2]);
        }
    }

    @Test
    void pointwiseConv2dGradients() {
        GradCheck.of(in -> in[0].conv2d(in[1], 1, ConvPadding.VALID)).check(randn(2, 3, 3, 4), randn(1, 1, 4, 3));
    }

    @Test
    void conv1dGradients() {
        GradCheck.of(in -> in[0].conv1d(in[1], 1, ConvPadding.CAUSAL, 2, 1)).check(randn(2, 7, 3), randn(3, 3, 2));
        GradCheck.of(in -> in[0].conv1d(in[1], 2, ConvPadding.SAME, 1, 2)).check(randn(2, 8, 4), randn(3, 2, 4));
    }

    @Test
    void conv2dTransposeGradients() {
        GradCheck.of(in -> in[0].conv2dTranspose(in[1], new int[] {2, 2}, ConvPadding.SAME, null))
                .check(randn(2, 3, 3, 2), randn(3, 3, 3, 2));
        GradCheck.of(in -> in[0].conv2dTranspose(in[1], new int[] {3, 2}, ConvPadding.VALID, new int[] {1, 1}))
                .check(randn(1, 2, 3, 2), randn(2, 3, 2, 2));
    }

    @Test
    void poolingGradients() {
        GradCheck.of(in -> in[0].maxPool2d(new int[] {3, 3}, new int[] {2, 2}, ConvPadding.SAME))
                .check(randn(2, 5, 6, 3));
        GradCheck.of(in -> in[0].avgPool2d(new int[] {3, 2}, new int[] {2, 1}, ConvPadding.SAME))
                .check(randn(2, 5, 6, 3));
        GradCheck.of(in -> in[0].maxPool1d(2, 0, ConvPadding.VALID)).check(randn(2, 7, 3));
        GradCheck.of(in -> in[0].avgPool1d(3, 2, ConvPadding.SAME)).check(randn(2, 8, 3));
    }

    @Test
    void maxPoolGradientGoesToTheFirstNaNAndTreatsSignedZerosAsTies() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 2, Float.NaN, -0f, -1f, 0f, -2f}, 2, 2, 2, 1)
                .requiresGrad(true);
        Tensor y = x.maxPool2d(2);
        assertThat(y.toArray()[0]).isNaN();
        y.backward(Tensor.of(new float[] {3f, 5f}, 2, 1, 1, 1));
        assertThat(x.grad().toArray()).containsExactly(0f, 3f, 0f, 0f, 5f, 0f, 0f, 0f);
    }

    @Test
    void maxPoolGradientGoesToTheFirstMaximumOnTies() {
        Tensor x = Tensor.of(new float[] {1, 3, 3, 0}, 1, 2, 2, 1).requiresGrad(true);
        Tensor y = x.maxPool2d(2);
        assertThat(y.item()).isEqualTo(3f);
        y.backward();
        assertThat(x.grad().toArray()).containsExactly(0f, 1f, 0f, 0f);
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        Tensor x = randn(19, 9, 9, 5);
        Tensor k = randn(3, 3, 5, 7);
        Tensor gy = null;
        float[][] first = null;
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            Tensor xi = x.copy().requiresGrad(true);
            Tensor ki = k.copy().requiresGrad(true);
            Tensor y = xi.conv2d(ki, 1, ConvPadding.SAME);
            Tensor z = y.maxPool2d(new int[] {2, 2}, null, ConvPadding.SAME);
            if (gy == null) {
                gy = randn(z.shape());
            }
            z.backward(gy);
            float[][] got = {z.toArray(), xi.grad().toArray(), ki.grad().toArray()};
            if (first == null) {
                first = got;
            } else {
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("threads=" + threads + " result " + i).containsExactly(first[i]);
                }
            }
        }
    }

    @Test
    void largeImagesAreUnfoldedInChunksWithTheSameResults() {
        // 40x40 outputs with 3x3x8 patches per group exceed one unfolding chunk, so rows are split mid-image.
        int n = 2, h = 40, w = 40, cin = 16, cout = 5, kh = 3, kw = 3, groups = 2;
        Tensor x = randn(n, h, w, cin).requiresGrad(true);
        Tensor k = randn(kh, kw, cin / groups, cout * 2).requiresGrad(true);
        Tensor y = x.conv2d(k, new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, groups);
        Tensor gy = randn(y.shape());
        y.backward(gy);
        int co = cout * 2;
        int cig = cin / groups;
        int cog = co / groups;
        float[] ry = new float[y.numel()];
        float[] rdx = new float[x.numel()];
        float[] rdk = new float[k.numel()];
        float[] xd = x.data();
        float[] kd = k.data();
        float[] g = gy.data();
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < h; oy++) {
                for (int ox = 0; ox < w; ox++) {
                    for (int o = 0; o < co; o++) {
                        int grp = o / cog;
                        int yi = ((b * h + oy) * w + ox) * co + o;
                        double acc = 0;
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy + ky - 1;
                                int ix = ox + kx - 1;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int c = 0; c < cig; c++) {
                                    int xi = ((b * h + iy) * w + ix) * cin + grp * cig + c;
                                    int ki = ((ky * kw + kx) * cig + c) * co + o;
                                    acc += xd[xi] * kd[ki];
                                    rdx[xi] += g[yi] * kd[ki];
                                    rdk[ki] += g[yi] * xd[xi];
                                }
                            }
                        }
                        ry[yi] = (float) acc;
                    }
                }
            }
        }
        io.cambium.testing.Fixtures.assertClose("y", new Tensor(ry, y.shape()), y, 1e-4, 1e-4);
        io.cambium.testing.Fixtures.assertClose("dx", new Tensor(rdx, x.shape()), x.grad(), 1e-4, 1e-4);
        io.cambium.testing.Fixtures.assertClose("dk", new Tensor(rdk, k.shape()), k.grad(), 1e-4, 1e-3);
    }

    @Test
    void shapeErrorsNameTheOpAndShapes() {
        assertThatThrownBy(() -> randn(2, 5, 5, 3).conv2d(randn(3, 3, 4, 8), 1, ConvPadding.SAME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv2d").hasMessageContaining("(3, 3, 4, 8)").hasMessageContaining("(2, 5, 5, 3)");
        assertThatThrownBy(() -> randn(2, 5, 3).conv2d(randn(3, 3, 3, 8), 1, ConvPadding.SAME))
                .hasMessageContaining("conv2d: input must be [N, H, W, Cin], got shape (2, 5, 3)");
        assertThatThrownBy(() -> randn(2, 5, 3).conv1d(randn(3, 2, 4), 1, ConvPadding.VALID, 1, 2))
                .hasMessageContaining("groups 2 must divide");
        assertThatThrownBy(() -> randn(1, 2, 2, 1).conv2d(randn(3, 3, 1, 1), 1, ConvPadding.VALID))
                .hasMessageContaining("shorter than the (dilated) window");
        assertThatThrownBy(() -> randn(1, 4, 4, 1).conv2d(randn(3, 3, 1, 1), 1, ConvPadding.CAUSAL))
                .hasMessageContaining("CAUSAL");
        assertThatThrownBy(() -> randn(1, 3, 3, 2).conv2dTranspose(randn(3, 3, 4, 3), new int[] {2, 2},
                ConvPadding.SAME, null)).hasMessageContaining("conv2dTranspose").hasMessageContaining("(3, 3, 4, 3)");
        assertThatThrownBy(() -> randn(1, 3, 3, 2).conv2dTranspose(randn(3, 3, 4, 2), new int[] {2, 2},
                ConvPadding.SAME, new int[] {2, 0})).hasMessageContaining("smaller than the stride");
        assertThatThrownBy(() -> randn(1, 4, 4).maxPool2d(2)).hasMessageContaining("maxPool2d");
    }
}
