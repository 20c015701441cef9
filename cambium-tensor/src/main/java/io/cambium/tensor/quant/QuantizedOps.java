package io.cambium.tensor.quant;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.kernels.Int8Gemm;

/**
 * Inference with int8 weights and uint8 activations (static quantization): the float input is
 * quantized with its calibrated {@link ActivationQuant}, multiplied with the {@link Int8Matrix} by
 * the int8 GEMM in exact int32 arithmetic, and the result is dequantized per output channel
 * ({@code acc · inputScale · weightScale[j]}), with the float bias and ReLU applied in the same pass.
 * Inputs and outputs are float32, as with PyTorch's quantize/dequantize stubs around each layer.
 * Not differentiable: quantized models are for inference.
 */
public final class QuantizedOps {
    private static final int GRAIN = 1 << 14;

    private QuantizedOps() {
    }

    /**
     * {@code relu?(x · W + bias)} for {@code x [rows, in]} with quantized W {@code [in, out]} and a float
     * bias {@code [out]} (or null).
     */
    public static Tensor linear(Tensor x, ActivationQuant xq, Int8Matrix w, Tensor bias, boolean relu) {
        int in = w.inFeatures();
        int out = w.outFeatures();
        if (x.rank() != 2 || x.dim(1) != in) {
            throw new IllegalArgumentException("quantized linear: x " + Shape.str(x.shape()) + " · W [" + in + ", "
                    + out + "]: expected x [rows, " + in + "]");
        }
        checkBias(bias, out);
        int rows = x.dim(0);
        int kp = (in + 1) / 2;
        int lda = 2 * kp;
        short[] a = new short[rows * lda];
        float[] xd = x.data();
        Parallel.range(rows, Math.max(1, GRAIN / lda), (s, e) -> {
            for (int r = s; r < e; r++) {
                for (int k = 0; k < in; k++) {
                    a[r * lda + k] = xq.centred(xd[r * in + k]);
                }
            }
        });
        return finish(a, rows, lda, kp, xq, w, bias, relu, new int[] {rows, out});
    }

    /**
     * 2-D convolution, channels-last, one group: {@code x [n, h, w, cin]}, W the kernel
     * {@code [kh, kw, cin, cout]} viewed as {@code [kh·kw·cin, cout]}, with strides and dilation per
     * axis and {@code same} or {@code valid} padding as Keras computes them. Padding is the code of
     * 0.0, so that it is exact.
     */
    public static Tensor conv2d(Tensor x, ActivationQuant xq, Int8Matrix w, int kh, int kw, int[] strides,
                                int[] dilation, boolean samePadding, Tensor bias, boolean relu) {
        int[] xs = x.shape();
        if (xs.length != 4 || kh * kw * xs[3] != w.inFeatures()) {
            throw new IllegalArgumentException("quantized conv2d: input " + Shape.str(xs) + " does not fit a "
                    + kh + "x" + kw + " kernel with " + w.inFeatures() / (kh * kw) + " input channels");
        }
        checkBias(bias, w.outFeatures());
        int n = xs[0];
        int h = xs[1];
        int wd = xs[2];
        int cin = xs[3];
        int[] ya = axis(h, kh, strides[0], dilation[0], samePadding);
        int[] xa = axis(wd, kw, strides[1], dilation[1], samePadding);
        int ho = ya[0];
        int wo = xa[0];
        int rows = n * ho * wo;
        int in = w.inFeatures();
        int kp = (in + 1) / 2;
        int lda = 2 * kp;
        // quantize the input once, then unfold the codes (4x fewer bytes to move than floats)
        float[] xd = x.data();
        short[] xqd = new short[xd.length];
        Parallel.range(xd.length, GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
                xqd[i] = xq.centred(xd[i]);
            }
        });
        short[] a = new short[rows * lda];
        int pixels = ho * wo;
        Parallel.range(rows, Math.max(1, GRAIN / lda), (s, e) -> {
            for (int r = s; r < e; r++) {
                int b = r / pixels;
                int p = r - b * pixels;
                int oy = p / wo;
                int ox = p - oy * wo;
                int pos = r * lda;
                int iy0 = oy * strides[0] - ya[1];
                int ix0 = ox * strides[1] - xa[1];
                for (int ky = 0; ky < kh; ky++) {
                    int iy = iy0 + ky * dilation[0];
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ix0 + kx * dilation[1];
                        if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                            System.arraycopy(xqd, ((b * h + iy) * wd + ix) * cin, a, pos, cin);
                        }
                        // padding stays 0: the centred code of 0.0
                        pos += cin;
                    }
                }
            }
        });
        return finish(a, rows, lda, kp, xq, w, bias, relu, new int[] {n, ho, wo, w.outFeatures()});
    }

    /** {out, padBefore} of one axis. */
    private static int[] axis(int in, int k, int stride, int dilation, boolean same) {
        int span = (k - 1) * dilation + 1;
        if (same) {
            int out = (in + stride - 1) / stride;
            return new int[] {out, Math.max((out - 1) * stride + span - in, 0) / 2};
        }
        if (in < span) {
            throw new IllegalArgumentException("quantized conv2d: input length " + in + " is shorter than the window "
                    + span + " with valid padding");
        }
        return new int[] {(in - span) / stride + 1, 0};
    }

    private static void checkBias(Tensor bias, int out) {
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != out)) {
            throw new IllegalArgumentException("quantized op: bias " + Shape.str(bias.shape()) + " does not match "
                    + out + " outputs");
        }
    }

    private static Tensor finish(short[] a, int rows, int lda, int kp, ActivationQuant xq, Int8Matrix w, Tensor bias,
                                 boolean relu, int[] shape) {
        int out = w.outFeatures();
        int[] acc = new int[rows * out];
        Int8Gemm.inUse().gemm(rows, out, kp, a, lda, w.packed(), acc);
        float[] y = new float[rows * out];
        float[] mult = new float[out];
        float[] ws = w.scales();
        for (int j = 0; j < out; j++) {
            mult[j] = xq.scale() * ws[j];
        }
        float[] b = bias == null ? null : bias.data();
        Parallel.range(rows, Math.max(1, GRAIN / out), (s, e) -> {
            for (int r = s; r < e; r++) {
                int o = r * out;
                for (int j = 0; j < out; j++) {
                    float v = acc[o + j] * mult[j];
                    if (b != null) {
                        v += b[j];
                    }
                    y[o + j] = relu ? Math.max(v, 0f) : v;
                }
            }
        });
        return new Tensor(y, shape);
    }
}
