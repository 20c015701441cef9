package io.cambium.tensor.kernels;

/**
 * The row loops of softmax and layer normalization: reductions along one contiguous row followed
 * by an element-wise pass. The plain-Java implementation accumulates in double; the Vector API
 * one in float lanes (at most a few dozen terms each) whose partial sums are added in double in
 * lane order, so its results agree with the plain ones to float rounding, are deterministic and,
 * a row being one unit of work, do not depend on the thread count.
 */
public interface RowKernels {
    /** p[o, o + n) ← softmax(p[o, o + n)). */
    void softmaxInPlace(float[] p, int o, int n);

    /** g[go, go + n) ← y ∘ (g − Σ g·y) for the softmax output y at {@code yo}: the softmax backward pass. */
    void softmaxBackwardInPlace(float[] y, int yo, float[] g, int go, int n);

    /**
     * Layer normalization of row {@code r} of {@code x} ({@code m} values from {@code r·m}):
     * {@code out = (x − mean) · rstd · gamma + beta} with the biased variance (gamma and beta may be
     * null); stores the row's mean and 1 / sqrt(var + eps) in {@code mean[r]} and {@code rstd[r]}.
     */
    void layerNormRow(float[] x, int r, int m, float eps, float[] gamma, float[] beta, float[] out, float[] mean,
            float[] rstd);

    /**
     * The input gradient of {@link #layerNormRow} for row {@code r}: with {@code d = g · gamma} and
     * {@code xhat = (x − mean) · rstd}, {@code dx = rstd · (d − mean(d) − xhat · mean(d · xhat))}.
     */
    void layerNormBackwardRow(float[] x, float[] g, int r, int m, float[] gamma, float mean, float rstd, float[] dx);

    /** The implementation in use: the Vector API one when {@link Kernels#vectorAvailable()}. */
    static RowKernels inUse() {
        return Rows.IN_USE;
    }
}
