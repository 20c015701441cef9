package io.cambium.tensor.kernels;

/**
 * Array loops for the exp-based functions, the compute-bound part of the elementwise kernels.
 * Implementations must give bitwise the same results as {@link FloatMath} (same operations in the
 * same order), so that switching implementations never changes a result.
 */
public interface TranscendentalKernels {
    /** out[o + j] = exp(x[xo + j] - shift) for j in [0, n). */
    void expShifted(float[] x, int xo, float shift, float[] out, int o, int n);

    /** out[o + j] = sigmoid(x[xo + j]). */
    void sigmoid(float[] x, int xo, float[] out, int o, int n);

    /** out[o + j] = tanh(x[xo + j]). */
    void tanh(float[] x, int xo, float[] out, int o, int n);

    /** out[o + j] = erf(x[xo + j]). */
    void erf(float[] x, int xo, float[] out, int o, int n);

    /** out[o + j] = gelu(x[xo + j]), the exact GELU. */
    void gelu(float[] x, int xo, float[] out, int o, int n);

    /** out[o + j] = g[o + j] * gelu'(x[xo + j]): the GELU backward pass ({@code out} may be {@code g}). */
    void geluBackward(float[] x, int xo, float[] g, float[] out, int o, int n);

    /**
     * y[o + j] = gelu(v) and, when {@code d} is not null, d[o + j] = gelu'(v), for
     * v = x[xo + j] + bias[bo + j] (v = x[xo + j] when {@code bias} is null) and j in [0, n): the
     * forward pass of a bias add and exact GELU that keeps the derivative for the backward pass.
     */
    void biasGelu(float[] x, int xo, float[] bias, int bo, float[] y, float[] d, int o, int n);
}
