package io.cambium.tensor.quant;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/**
 * The cast of automatic mixed precision, for computing in a 16-bit format on kernels that
 * accumulate in float32: the forward pass rounds every value to the nearest {@link HalfPrecision}
 * value (held in float32), and the backward pass rounds the incoming gradient the same way, as
 * the gradient of a 16-bit activation is itself 16-bit. With {@link HalfPrecision#FLOAT16}, small
 * gradients underflow to zero and large ones overflow to infinity, which loss scaling exists to
 * prevent; with {@link HalfPrecision#BFLOAT16} the range is float32's.
 */
public final class HalfCast {
    private HalfCast() {
    }

    /** {@code x} rounded to {@code precision}; differentiable (the gradient is rounded too). */
    public static Tensor apply(Tensor x, HalfPrecision precision) {
        float[] out = new float[x.numel()];
        precision.round(x.data(), out);
        Tensor y = new Tensor(out, x.shape());
        return Autograd.record(y, "cast_" + precision.shortName(), g -> {
            float[] gd = new float[g.numel()];
            precision.round(g.data(), gd);
            return new Tensor[] {Tensor.wrapOwned(gd, x.shape())};
        }, x);
    }
}
