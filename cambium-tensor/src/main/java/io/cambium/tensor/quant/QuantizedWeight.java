package io.cambium.tensor.quant;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.kernels.Kernels;

/**
 * A frozen weight matrix held in fewer than 32 bits per value, shaped like a Dense kernel
 * {@code [in, out]} (for a convolution, in = kh·kw·in_channels) and stored output-major (each output
 * channel's values contiguous, as the quantized kernels and per-channel scales need).
 *
 * <p>{@link #matmul(Tensor)} computes {@code x · W} with W dequantized on the fly, a panel of output
 * channels at a time, so that the float32 copy of the whole matrix never exists: the path of
 * weight-only quantization and of QLoRA's frozen base weights. {@link Int8Matrix} is the int8
 * per-channel format; 4-bit block-wise formats (NF4) implement the same interface.
 */
public interface QuantizedWeight {
    /** Output channels per dequantized panel of {@link #matmul(Tensor)}. */
    int PANEL = 64;

    /** The reduction size (rows of the Dense-shaped kernel). */
    int inFeatures();

    /** The number of output channels (columns of the Dense-shaped kernel). */
    int outFeatures();

    /** Bytes of the quantized values and their scales. */
    long storageBytes();

    /**
     * Writes output channels [from, to) dequantized to float32 into {@code dst} as a matrix
     * {@code [inFeatures, to - from]} (row-major, the layout of a Dense kernel's columns).
     */
    void dequantizeColumns(int from, int to, float[] dst);

    /** The whole matrix dequantized, {@code [in, out]}. */
    default Tensor dequantize() {
        float[] d = new float[inFeatures() * outFeatures()];
        dequantizeColumns(0, outFeatures(), d);
        return new Tensor(d, inFeatures(), outFeatures());
    }

    /**
     * {@code x · W} for {@code x [rows, in]}: float32 products of x with panels of W dequantized on the
     * fly (not differentiable with respect to W; W is frozen). Equal, bit for bit, to
     * {@code x.matmul(dequantize())} computed panel by panel.
     */
    default Tensor matmul(Tensor x) {
        int in = inFeatures();
        int out = outFeatures();
        if (x.rank() != 2 || x.dim(1) != in) {
            throw new IllegalArgumentException("quantized matmul: x " + Shape.str(x.shape()) + " · W [" + in + ", "
                    + out + "]: expected x [rows, " + in + "]");
        }
        int rows = x.dim(0);
        float[] y = new float[rows * out];
        float[] panel = new float[in * Math.min(PANEL, out)];
        for (int j = 0; j < out; j += PANEL) {
            int w = Math.min(PANEL, out - j);
            dequantizeColumns(j, j + w, panel);
            Kernels.gemm().sgemm(false, false, rows, w, in, 1f, x.data(), 0, in, panel, 0, w, 0f, y, j, out);
        }
        return new Tensor(y, rows, out);
    }
}
