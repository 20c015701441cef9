package io.cambium.tensor.kernels;

/**
 * The complete geometry of a 2-D channels-last convolution: input [n, h, w, cin], kernel
 * [kh, kw, cin / groups, cout], output [n, ho, wo, cout], with strides, dilations and the zero
 * padding before the first row ({@code padTop}) and column ({@code padLeft}). Padding after the
 * input is implied by the output size.
 */
public record ConvGeometry(int n, int h, int w, int cin, int kh, int kw, int cout, int groups,
                           int sh, int sw, int dh, int dw, int padTop, int padLeft, int ho, int wo) {

    /** Input channels per group. */
    public int cinG() {
        return cin / groups;
    }

    /** Output channels per group. */
    public int coutG() {
        return cout / groups;
    }

    /** Length of one im2col row for one group: kh * kw * cin / groups. */
    public int colWidth() {
        return kh * kw * (cin / groups);
    }

    /** Output pixels per sample. */
    public int outPixels() {
        return ho * wo;
    }

    /** Whether the convolution is a plain per-pixel matrix product (1x1, stride 1, no padding, one group). */
    public boolean isPointwise() {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && padTop == 0 && padLeft == 0 && groups == 1
                && ho == h && wo == w;
    }

    /** Whether every group has one input channel (depthwise convolution, possibly with a multiplier). */
    public boolean isDepthwise() {
        return groups > 1 && groups == cin;
    }
}
