package io.cambium.llm.finetune.quant;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.QuantizedWeight;

/**
 * A weight matrix in 4-bit NormalFloat (NF4, Dettmers et al. 2023, "QLoRA"; bitsandbytes'
 * {@code quant_type="nf4"}): the matrix, flattened output-major (each output channel's
 * {@code in} values contiguous, PyTorch's {@code [out, in]} order), is cut into blocks of
 * {@code blockSize} values (64 by default, as QLoRA); each block keeps its absolute maximum as a
 * float32 scale, and each value the index of the nearest of 16 levels (quantiles of a standard
 * normal, scaled to [-1, 1], with an exact zero), two indices per byte. Storage is 4 bits per
 * value plus 32 bits per block: 4.5 bits per value at block size 64 (QLoRA's second quantization
 * of the scales to 8 bits is not done).
 */
public final class Nf4Matrix implements QuantizedWeight {
    /** The 16 NF4 levels, as bitsandbytes and the QLoRA paper (appendix E) define them. */
    static final float[] LEVELS = {
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
        -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
        0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
        0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};
    /** QLoRA's block size. */
    public static final int DEFAULT_BLOCK = 64;
    private static final float[] MIDPOINTS = new float[15];

    static {
        for (int i = 0; i < 15; i++) {
            MIDPOINTS[i] = (LEVELS[i] + LEVELS[i + 1]) / 2f;
        }
    }

    private final int in;
    private final int out;
    private final int blockSize;
    private final byte[] packed;
    private final float[] absmax;

    private Nf4Matrix(int in, int out, int blockSize, byte[] packed, float[] absmax) {
        this.in = in;
        this.out = out;
        this.blockSize = blockSize;
        this.packed = packed;
        this.absmax = absmax;
    }

    /** Quantizes a Dense-shaped kernel {@code [in, out]} with blocks of 64. */
    public static Nf4Matrix quantize(Tensor kernel) {
        return quantize(kernel, DEFAULT_BLOCK);
    }

    /**
     * Quantizes a Dense-shaped kernel {@code [in, out]} with blocks of {@code blockSize} values.
     *
     * @throws IllegalArgumentException when the kernel is not a matrix, holds NaN or infinity, or
     *     the block size is not positive
     */
    public static Nf4Matrix quantize(Tensor kernel, int blockSize) {
        if (kernel.rank() != 2) {
            throw new IllegalArgumentException("Nf4Matrix.quantize: expected a kernel [in, out], got "
                    + Shape.str(kernel.shape()));
        }
        if (blockSize <= 0) {
            throw new IllegalArgumentException("Nf4Matrix.quantize: block size must be positive, got " + blockSize);
        }
        int in = kernel.dim(0);
        int out = kernel.dim(1);
        float[] w = kernel.data();
        int n = Math.toIntExact((long) in * out);
        float[] flat = new float[n];
        for (int k = 0; k < in; k++) {
            for (int j = 0; j < out; j++) {
                float v = w[k * out + j];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("Nf4Matrix.quantize: weight [" + k + ", " + j + "] is " + v);
                }
                flat[j * in + k] = v;
            }
        }
        int blocks = (int) ((n + (long) blockSize - 1) / blockSize);
        float[] absmax = new float[blocks];
        byte[] packed = new byte[(n + 1) / 2];
        for (int b = 0; b < blocks; b++) {
            int s = b * blockSize;
            int e = (int) Math.min(n, s + (long) blockSize);
            float m = 0f;
            for (int i = s; i < e; i++) {
                m = Math.max(m, Math.abs(flat[i]));
            }
            absmax[b] = m;
            float inv = m == 0f ? 0f : 1f / m;
            for (int i = s; i < e; i++) {
                int code = nearest(flat[i] * inv);
                packed[i >> 1] |= (byte) ((i & 1) == 0 ? code << 4 : code);
            }
        }
        return new Nf4Matrix(in, out, blockSize, packed, absmax);
    }

    /** The index of the level nearest to {@code x} in [-1, 1]. */
    static int nearest(float x) {
        int lo = 0;
        int hi = 15;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < MIDPOINTS[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The block size. */
    public int blockSize() {
        return blockSize;
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
        return packed.length + 4L * absmax.length;
    }

    @Override
    public void dequantizeColumns(int from, int to, float[] dst) {
        if (from < 0 || to > out || from > to || dst.length < (long) in * (to - from)) {
            throw new IllegalArgumentException("Nf4Matrix.dequantizeColumns: bad range [" + from + ", " + to
                    + ") of " + out + " or destination of " + dst.length);
        }
        int w = to - from;
        for (int j = from; j < to; j++) {
            int col = j - from;
            int base = j * in;
            for (int k = 0; k < in; k++) {
                int i = base + k;
                int byteVal = packed[i >> 1];
                int code = (i & 1) == 0 ? (byteVal >> 4) & 0xF : byteVal & 0xF;
                dst[k * w + col] = LEVELS[code] * absmax[i / blockSize];
            }
        }
    }
}
