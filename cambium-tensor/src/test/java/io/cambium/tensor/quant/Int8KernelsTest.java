package io.cambium.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.kernels.Int8Gemm;
import io.cambium.tensor.ops.ConvPadding;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The int8 GEMM (plain Java and Vector API) bit for bit against a naive loop and across thread
 * counts; int8 weights, on-the-fly dequantization and the quantized linear and convolution ops
 * against float computations on the same quantized values.
 */
class Int8KernelsTest {
    private static int[] naive(int m, int n, int k, short[] a, int lda, byte[] w) {
        int[] c = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * lda + p] * w[j * k + p];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void gemmIsExactForEveryImplementationAndShape() {
        Rng rng = new Rng(1);
        int[][] shapes = {{1, 1, 1}, {5, 3, 7}, {17, 16, 32}, {33, 37, 289}, {64, 64, 288}, {9, 10, 3136}};
        Int8Gemm vector = Int8Gemm.vector();
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            int kp = (k + 1) / 2;
            int lda = 2 * kp + 2;
            short[] a = new short[m * lda];
            byte[] w = new byte[n * k];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    // extremes and zeros (skipped pairs) included
                    int r = rng.nextInt(10);
                    a[i * lda + p] = (short) (r == 0 ? 255 : r == 1 ? -255 : r < 4 ? 0 : rng.nextInt(511) - 255);
                }
            }
            for (int i = 0; i < w.length; i++) {
                int r = rng.nextInt(10);
                w[i] = (byte) (r == 0 ? 127 : r == 1 ? -127 : rng.nextInt(255) - 127);
            }
            int[] expected = naive(m, n, k, a, lda, w);
            short[] packed = Int8Gemm.pack(w, n, k);
            int[] c = new int[m * n];
            Int8Gemm.plain().gemm(m, n, kp, a, lda, packed, c);
            assertThat(c).as("plain %dx%dx%d", m, n, k).containsExactly(expected);
            if (vector != null) {
                int[] cv = new int[m * n];
                vector.gemm(m, n, kp, a, lda, packed, cv);
                assertThat(cv).as("vector %dx%dx%d", m, n, k).containsExactly(expected);
            }
        }
    }

    @Test
    void gemmDoesNotDependOnThreads() {
        Rng rng = new Rng(2);
        int m = 200;
        int n = 24;
        int k = 50;
        short[] a = new short[m * k];
        byte[] w = new byte[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (short) (rng.nextInt(511) - 255);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) (rng.nextInt(255) - 127);
        }
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            int[] one = new int[m * n];
            Int8Gemm.inUse().gemm(m, n, k / 2, a, k, Int8Gemm.pack(w, n, k), one);
            Parallel.setThreads(3);
            int[] three = new int[m * n];
            Int8Gemm.inUse().gemm(m, n, k / 2, a, k, Int8Gemm.pack(w, n, k), three);
            assertThat(three).containsExactly(one);
        } finally {
            Parallel.setThreads(before);
        }
        assertThatThrownBy(() -> Int8Gemm.plain().gemm(2, 2, 2, new short[3], 4, new short[8], new int[4]))
                .hasMessageContaining("arrays too small");
    }

    @Test
    void int8MatrixQuantizesPerChannelAndDequantizesOnTheFly() {
        Rng rng = new Rng(3);
        Tensor kernel = Tensor.normal(rng, 0, 1, 70, 130).mul(Tensor.of(scales(130)).reshape(1, 130));
        Int8Matrix q = Int8Matrix.quantize(kernel);
        assertThat(q.storageBytes()).isEqualTo(70L * 130 + 4L * 130);
        Tensor deq = q.dequantize();
        float[] kd = kernel.data();
        float[] dd = deq.data();
        for (int k = 0; k < 70; k++) {
            for (int j = 0; j < 130; j++) {
                // within half a step of the channel's grid
                assertThat(Math.abs(kd[k * 130 + j] - dd[k * 130 + j])).isLessThanOrEqualTo(q.scales()[j] * 0.5f + 1e-7f);
            }
        }
        // the channel maximum is exactly representable (code ±127)
        Tensor x = Tensor.normal(rng, 0, 1, 9, 70);
        assertThat(q.matmul(x).data()).containsExactly(x.matmul(deq).data(), within(1e-4f));
        Int8Matrix back = Int8Matrix.fromTensors(q.valuesTensor(), Tensor.of(q.scales()));
        assertThat(back.values()).containsExactly(q.values());
        assertThatThrownBy(() -> Int8Matrix.fromTensors(Tensor.of(new float[] {1.5f, 0f}, 1, 2), Tensor.of(new float[] {1f})))
                .hasMessageContaining("not an integer in [-127, 127]");
        assertThatThrownBy(() -> Int8Matrix.fromTensors(Tensor.of(new float[] {-128f, 0f}, 1, 2), Tensor.of(new float[] {1f})))
                .hasMessageContaining("not an integer");
        assertThatThrownBy(() -> new Int8Matrix(2, 1, new byte[2], new float[] {Float.NaN}))
                .hasMessageContaining("scale of output channel 0");
    }

    private static float[] scales(int n) {
        float[] s = new float[n];
        for (int j = 0; j < n; j++) {
            s[j] = (float) Math.pow(10, (j % 5) - 2);
        }
        return s;
    }

    @Test
    void quantizedLinearEqualsFloatOnTheQuantizedValues() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.normal(rng, 0.5f, 1, 13, 27);
        Tensor kernel = Tensor.normal(rng, 0, 0.3f, 27, 11);
        Tensor bias = Tensor.normal(rng, 0, 1, 11);
        ActivationQuant xq = ActivationQuant.ofRange(-2f, 3f);
        Int8Matrix w = Int8Matrix.quantize(kernel);
        for (boolean relu : new boolean[] {false, true}) {
            Tensor y = QuantizedOps.linear(x, xq, w, bias, relu);
            Tensor ref = FakeQuantize.perTensor(x, xq).matmul(w.dequantize()).add(bias);
            if (relu) {
                ref = ref.relu();
            }
            assertThat(y.data()).containsExactly(ref.data(), within(2e-5f));
        }
    }

    @Test
    void quantizedConvolutionEqualsFloatOnTheQuantizedValues() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.normal(rng, 0, 1, 2, 9, 8, 3).relu();
        Tensor kernel = Tensor.normal(rng, 0, 0.3f, 3, 3, 3, 10);
        Tensor bias = Tensor.normal(rng, 0, 1, 10);
        ActivationQuant xq = ActivationQuant.ofRange(0f, 2.5f);
        Int8Matrix w = Int8Matrix.quantize(kernel.reshape(27, 10));
        Tensor wk = w.dequantize().reshape(3, 3, 3, 10);
        Tensor xf = FakeQuantize.perTensor(x, xq);
        int[][] strides = {{1, 1}, {2, 1}};
        for (int[] st : strides) {
            for (boolean same : new boolean[] {true, false}) {
                Tensor y = QuantizedOps.conv2d(x, xq, w, 3, 3, st, new int[] {1, 1}, same, bias, true);
                Tensor ref = xf.conv2d(wk, bias, true, st, same ? ConvPadding.SAME : ConvPadding.VALID,
                        new int[] {1, 1}, 1);
                assertThat(y.shape()).containsExactly(ref.shape());
                assertThat(y.data()).containsExactly(ref.data(), within(2e-5f));
            }
        }
        Tensor yd = QuantizedOps.conv2d(x, xq, w, 3, 3, new int[] {1, 1}, new int[] {2, 2}, true, null, false);
        Tensor refd = xf.conv2d(wk, null, false, new int[] {1, 1}, ConvPadding.SAME, new int[] {2, 2}, 1);
        assertThat(yd.data()).containsExactly(refd.data(), within(2e-5f));
    }
}
