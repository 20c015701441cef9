package io.cambium.tensor.ops;

/**
 * How a convolution or pooling window treats the borders, with Keras semantics.
 *
 * <ul>
 *   <li>{@link #VALID}: no padding; windows lie entirely inside the input.</li>
 *   <li>{@link #SAME}: zero padding so that the output length is {@code ceil(in / stride)}; the
 *       total padding {@code max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0)} is split
 *       with the extra cell at the end (bottom/right), as in TensorFlow.</li>
 *   <li>{@link #CAUSAL}: 1-D convolution only; {@code (k - 1) * dilation} zeros on the left, so an
 *       output step sees no later input step.</li>
 * </ul>
 */
public enum ConvPadding {
    VALID, SAME, CAUSAL
}
