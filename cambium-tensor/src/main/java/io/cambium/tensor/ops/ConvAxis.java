package io.cambium.tensor.ops;

/**
 * The geometry of a sliding window along one spatial axis: input length, window size, stride,
 * dilation, the zero padding before the input, and the resulting output length.
 */
record ConvAxis(int in, int k, int stride, int dilation, int padBefore, int out) {

    /** The span of the dilated window. */
    int span() {
        return (k - 1) * dilation + 1;
    }

    /**
     * The geometry for a padding mode.
     *
     * @param op the operation's name, for error messages
     * @param axis the axis's name, for error messages
     */
    static ConvAxis of(String op, String axis, int in, int k, int stride, int dilation, ConvPadding padding) {
        if (k < 1 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException(op + ": " + axis + " window " + k + ", stride " + stride
                    + " and dilation " + dilation + " must all be at least 1");
        }
        int span = (k - 1) * dilation + 1;
        switch (padding) {
            case VALID -> {
                if (in < span) {
                    throw new IllegalArgumentException(op + ": " + axis + " input length " + in
                            + " is shorter than the (dilated) window " + span + " with padding VALID");
                }
                return new ConvAxis(in, k, stride, dilation, 0, (in - span) / stride + 1);
            }
            case SAME -> {
                int out = (in + stride - 1) / stride;
                int total = Math.max((out - 1) * stride + span - in, 0);
                return new ConvAxis(in, k, stride, dilation, total / 2, out);
            }
            case CAUSAL -> {
                int pad = (k - 1) * dilation;
                return new ConvAxis(in, k, stride, dilation, pad, (in + pad - span) / stride + 1);
            }
            default -> throw new IllegalArgumentException(op + ": unknown padding " + padding);
        }
    }
}
