package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.UnaryKernels;
import io.cambium.tensor.kernels.UnaryOp;

/**
 * Elementwise math functions with their gradients (PyTorch semantics, including at the edges of
 * the domain: {@code log(0) = -inf}, {@code log(-1) = NaN}, {@code sqrt} has an infinite gradient
 * at 0, {@code sign} and the comparisons have zero or no gradient).
 */
public final class UnaryMath {
    private UnaryMath() {
    }

    /**
     * Applies a unary kernel and records its fused backward kernel, and for graph-creating passes
     * the same rule in tensor operations ({@code UnaryDerivatives}). {@code a} and {@code b} are
     * the operation's parameters (see {@link UnaryOp}).
     */
    public static Tensor apply(String name, UnaryOp op, float a, float b, Tensor x) {
        float[] xd = x.data();
        float[] out = new float[xd.length];
        UnaryKernels.forward(op, a, b, xd, out);
        Tensor y = Tensor.wrapOwned(out, x.shape());
        if (!Autograd.needsGrad(x)) {
            return y;
        }
        return Autograd.record(y, name, g -> {
            float[] gx = new float[xd.length];
            UnaryKernels.backward(op, a, b, xd, out, g.data(), gx);
            return new Tensor[] {Tensor.wrapOwned(gx, x.shape())};
        }, UnaryDerivatives.rule(op, a, b, x, y), x);
    }

    /** |x|; the gradient is sign(x) (0 at 0). */
    public static Tensor abs(Tensor x) {
        return apply("abs", UnaryOp.ABS, 0, 0, x);
    }

    /** e^x. */
    public static Tensor exp(Tensor x) {
        return apply("exp", UnaryOp.EXP, 0, 0, x);
    }

    /** The natural logarithm: -inf at 0 and NaN below 0, as in PyTorch. */
    public static Tensor log(Tensor x) {
        return apply("log", UnaryOp.LOG, 0, 0, x);
    }

    /** log(1 + x), accurate for small x. */
    public static Tensor log1p(Tensor x) {
        return apply("log1p", UnaryOp.LOG1P, 0, 0, x);
    }

    /** The square root (NaN below 0; the gradient at 0 is +inf, as in PyTorch). */
    public static Tensor sqrt(Tensor x) {
        return apply("sqrt", UnaryOp.SQRT, 0, 0, x);
    }

    /** 1 / sqrt(x). */
    public static Tensor rsqrt(Tensor x) {
        return apply("rsqrt", UnaryOp.RSQRT, 0, 0, x);
    }

    /** x * x. */
    public static Tensor square(Tensor x) {
        return apply("square", UnaryOp.SQUARE, 0, 0, x);
    }

    /** -1, 0 or 1 by the sign of x (0 for NaN); its gradient is zero. */
    public static Tensor sign(Tensor x) {
        return apply("sign", UnaryOp.SIGN, 0, 0, x);
    }

    /** 1 / x. */
    public static Tensor reciprocal(Tensor x) {
        return apply("reciprocal", UnaryOp.RECIPROCAL, 0, 0, x);
    }

    /** x^p; the gradient p x^(p-1) is taken as 0 when p is 0 (as PyTorch does). */
    public static Tensor pow(Tensor x, float p) {
        return apply("pow", UnaryOp.POW, p, 0, x);
    }

    /**
     * min(max(x, lo), hi) (PyTorch's clamp, Keras's clip). The gradient passes where
     * lo <= x <= hi, boundaries included, and is 0 elsewhere. Use infinities for one-sided clipping.
     */
    public static Tensor clip(Tensor x, float lo, float hi) {
        if (Float.isNaN(lo) || Float.isNaN(hi)) {
            throw new IllegalArgumentException("clip: bounds must not be NaN, got [" + lo + ", " + hi + "]");
        }
        return apply("clip", UnaryOp.CLIP, lo, hi, x);
    }
}
