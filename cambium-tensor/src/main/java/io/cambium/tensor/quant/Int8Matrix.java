package io.cambium.tensor.quant;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.kernels.Int8Gemm;

/**
 * A weight matrix quantized to int8, symmetric per output channel (PyTorch's
 * {@code per_channel_symmetric} with {@code qint8}, TensorFlow Lite's int8 weights): output channel
 * j holds {@code q[j][k] = clamp(rint(w[k][j] / scale[j]), -127, 127)} with
 * {@code scale[j] = max_k |w[k][j]| / 127} (1 for an all-zero channel), so {@code w ≈ q · scale}.
 *
 * <p>Values are stored output-major ({@code q[j*in + k]}): the row of an output channel is
 * contiguous, the layout both the int8 GEMM ({@link Int8Gemm}, which packs it once) and on-the-fly
 * dequantization ({@link #matmul}) read. In a model file the values are an {@code I8} tensor
 * {@code [out, in]} and the scales an {@code F32} tensor {@code [out]}.
 */
public final class Int8Matrix implements QuantizedWeight {
    private final int in;
    private final int out;
    private final byte[] q;
    private final float[] scale;
    private volatile short[] packed;
    private volatile int[] rowSums;

    /**
     * Wraps quantized values {@code q [out][in]} and per-channel {@code scale [out]} (not copied).
     *
     * @throws IllegalArgumentException when sizes do not match, a value is -128, or a scale is not
     *     positive and finite
     */
    public Int8Matrix(int in, int out, byte[] q, float[] scale) {
        if (in <= 0 || out <= 0 || (long) in * out != q.length || scale.length != out) {
            throw new IllegalArgumentException("Int8Matrix: " + q.length + " values and " + scale.length
                    + " scales do not fit [in=" + in + ", out=" + out + "]");
        }
        for (byte b : q) {
            if (b == Byte.MIN_VALUE) {
                throw new IllegalArgumentException("Int8Matrix: value -128 is outside the symmetric range [-127, 127]");
            }
        }
        for (int j = 0; j < out; j++) {
            if (!(scale[j] > 0f) || Float.isInfinite(scale[j])) {
                throw new IllegalArgumentException("Int8Matrix: scale of output channel " + j + " is " + scale[j]
                        + " (must be positive and finite)");
            }
        }
        this.in = in;
        this.out = out;
        this.q = q;
        this.scale = scale;
    }

    /**
     * Quantizes a Dense-shaped kernel {@code [in, out]} (a convolution kernel reshaped to
     * {@code [kh·kw·in_channels, filters]}).
     *
     * @throws IllegalArgumentException when the kernel is not a matrix or holds NaN or infinity
     */
    public static Int8Matrix quantize(Tensor kernel) {
        if (kernel.rank() != 2) {
            throw new IllegalArgumentException("Int8Matrix.quantize: expected a kernel [in, out], got "
                    + Shape.str(kernel.shape()));
        }
        int in = kernel.dim(0);
        int out = kernel.dim(1);
        float[] w = kernel.data();
        float[] scale = new float[out];
        for (int k = 0; k < in; k++) {
            for (int j = 0; j < out; j++) {
                float v = w[k * out + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("Int8Matrix.quantize: weight [" + k + ", " + j + "] is " + v);
                }
                scale[j] = Math.max(scale[j], Math.abs(v));
            }
        }
        for (int j = 0; j < out; j++) {
            scale[j] = scale[j] == 0f ? 1f : scale[j] / 127f;
        }
        byte[] q = new byte[in * out];
        for (int k = 0; k < in; k++) {
            for (int j = 0; j < out; j++) {
                q[j * in + k] = quantizeValue(w[k * out + j], scale[j]);
            }
        }
        return new Int8Matrix(in, out, q, scale);
    }

    /** {@code clamp(rint(v / scale), -127, 127)}: round half to even, as PyTorch. */
    static byte quantizeValue(float v, float scale) {
        return (byte) Math.max(-127, Math.min(127, (int) Math.rint(v / scale)));
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }

    @Override
    public long storageBytes() {
        return q.length + 4L * scale.length;
    }

    /** The quantized values {@code [out][in]} (the live array: do not modify). */
    public byte[] values() {
        return q;
    }

    /** The per-channel scales {@code [out]} (the live array: do not modify). */
    public float[] scales() {
        return scale;
    }

    /** The values as a float tensor {@code [out, in]} of integers (how a model file stores them, as I8). */
    public Tensor valuesTensor() {
        float[] d = new float[q.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = q[i];
        }
        return new Tensor(d, out, in);
    }

    /**
     * Rebuilds a matrix from {@link #valuesTensor()} and the scales, as read from a file.
     *
     * @throws IllegalArgumentException when a value is not an integer in [-127, 127] or a shape is wrong
     */
    public static Int8Matrix fromTensors(Tensor values, Tensor scales) {
        if (values.rank() != 2 || scales.rank() != 1 || scales.dim(0) != values.dim(0)) {
            throw new IllegalArgumentException("Int8Matrix: values " + Shape.str(values.shape()) + " and scales "
                    + Shape.str(scales.shape()) + " do not form [out, in] and [out]");
        }
        float[] v = values.data();
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (!(f >= -127f && f <= 127f) || f != Math.rint(f)) {
                throw new IllegalArgumentException("Int8Matrix: value " + f + " at " + i
                        + " is not an integer in [-127, 127]");
            }
            q[i] = (byte) f;
        }
        return new Int8Matrix(values.dim(1), values.dim(0), q, scales.data().clone());
    }

    @Override
    public void dequantizeColumns(int from, int to, float[] dst) {
        if (from < 0 || to > out || from > to || dst.length < (long) in * (to - from)) {
            throw new IllegalArgumentException("Int8Matrix.dequantizeColumns: bad range [" + from + ", " + to
                    + ") of " + out + " or destination of " + dst.length);
        }
        int w = to - from;
        for (int j = from; j < to; j++) {
            float s = scale[j];
            int src = j * in;
            int col = j - from;
            for (int k = 0; k < in; k++) {
                dst[k * w + col] = q[src + k] * s;
            }
        }
    }

    /** The values packed for {@link Int8Gemm} (computed once). */
    public short[] packed() {
        short[] p = packed;
        if (p == null) {
            p = Int8Gemm.pack(q, out, in);
            packed = p;
        }
        return p;
    }

    /** {@code Σ_k q[j][k]} per output channel (computed once), for zero-point corrections. */
    public int[] rowSums() {
        int[] r = rowSums;
        if (r == null) {
            r = new int[out];
            for (int j = 0; j < out; j++) {
                int s = 0;
                for (int k = 0; k < in; k++) {
                    s += q[j * in + k];
                }
                r[j] = s;
            }
            rowSums = r;
        }
        return r;
    }
}
