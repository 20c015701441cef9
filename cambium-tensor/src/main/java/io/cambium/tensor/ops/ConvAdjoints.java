package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.ConvGeometry;
import io.cambium.tensor.kernels.ConvKernels;

/**
 * A convolution and its two adjoints as recorded operations, for backward passes that create a
 * graph: {@code conv(x, k)}, its input gradient {@code inputGrad(dy, k)} and its kernel gradient
 * {@code kernelGrad(x, dy)}. All three are bilinear, and the gradient of each is made of the
 * other two, so convolution gradients (and those of transposed convolutions, which are input
 * gradients) can be differentiated any number of times on the same kernels as the first-order
 * pass. Shapes are given by the caller: the kernels read only the geometry, so a 1-D
 * convolution (height 1) and a transposed convolution use the same three.
 */
final class ConvAdjoints {
    private ConvAdjoints() {
    }

    /** {@code conv(x, k)} with output shape {@code yShape}. */
    static Tensor conv(Tensor x, Tensor k, ConvGeometry geo, int[] yShape) {
        float[] out = new float[Shape.numel(yShape)];
        ConvKernels.forward(geo, x.data(), k.data(), out);
        Tensor y = Tensor.wrapOwned(out, yShape);
        int[] xShape = x.shape();
        int[] kShape = k.shape();
        return Autograd.recordDifferentiable(y, "conv", h -> new Tensor[] {
            Autograd.wants(x) ? inputGrad(h, k, geo, xShape) : null,
            Autograd.wants(k) ? kernelGrad(x, h, geo, kShape) : null}, x, k);
    }

    /** The input gradient of {@code conv(·, k)} for the output gradient {@code dy}: shape {@code xShape}. */
    static Tensor inputGrad(Tensor dy, Tensor k, ConvGeometry geo, int[] xShape) {
        float[] dx = new float[Shape.numel(xShape)];
        ConvKernels.backward(geo, unread(geo, dx.length), k.data(), dy.data(), dx, null);
        Tensor out = Tensor.wrapOwned(dx, xShape);
        int[] yShape = dy.shape();
        int[] kShape = k.shape();
        // <inputGrad(dy, k), h> = <dy, conv(h, k)> = <k, kernelGrad(h, dy)>.
        return Autograd.recordDifferentiable(out, "conv_input_grad", h -> new Tensor[] {
            Autograd.wants(dy) ? conv(h, k, geo, yShape) : null,
            Autograd.wants(k) ? kernelGrad(h, dy, geo, kShape) : null}, dy, k);
    }

    /** The kernel gradient of {@code conv(x, ·)} for the output gradient {@code dy}: shape {@code kShape}. */
    static Tensor kernelGrad(Tensor x, Tensor dy, ConvGeometry geo, int[] kShape) {
        float[] dk = new float[Shape.numel(kShape)];
        ConvKernels.backward(geo, x.data(), unread(geo, dk.length), dy.data(), null, dk);
        Tensor out = Tensor.wrapOwned(dk, kShape);
        int[] xShape = x.shape();
        int[] yShape = dy.shape();
        // <kernelGrad(x, dy), h> = <dy, conv(x, h)> = <x, inputGrad(dy, h)>.
        return Autograd.recordDifferentiable(out, "conv_kernel_grad", h -> new Tensor[] {
            Autograd.wants(x) ? inputGrad(dy, h, geo, xShape) : null,
            Autograd.wants(dy) ? conv(x, h, geo, yShape) : null}, x, dy);
    }

    /**
     * The operand a gradient kernel does not need: none, except for the depthwise loop, which
     * reads both operands whichever gradient it computes (its results do not depend on the values).
     */
    private static float[] unread(ConvGeometry geo, int length) {
        return geo.isDepthwise() ? new float[length] : null;
    }
}
