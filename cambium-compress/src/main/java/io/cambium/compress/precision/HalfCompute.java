package io.cambium.compress.precision;

import io.cambium.compress.LayerWrapper;
import io.cambium.nn.Layer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.HalfCast;
import io.cambium.tensor.quant.HalfPrecision;

/**
 * A Dense or Conv2D layer computed in a 16-bit format (Keras's {@code mixed_bfloat16} /
 * {@code mixed_float16} policy, PyTorch's autocast): its input, kernel and bias are cast to the
 * format, the product is accumulated in float32 by the engine's kernels, and the output is cast to
 * the format again. The variables stay float32 (the master weights); their gradients arrive through
 * the casts, themselves rounded to the format (see {@link HalfCast}).
 */
public final class HalfCompute extends LayerWrapper<HalfCompute> {
    private final HalfPrecision precision;

    /** Wraps {@code layer} (Dense or Conv2D) to compute in {@code precision}. */
    public HalfCompute(Layer layer, HalfPrecision precision) {
        super(layer);
        this.precision = precision;
    }

    /** The compute format. */
    public HalfPrecision precision() {
        return precision;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        Tensor b = biasValue();
        Tensor y = math().forward(HalfCast.apply(x, precision), HalfCast.apply(kernel().value(), precision),
                b == null ? null : HalfCast.apply(b, precision));
        return HalfCast.apply(y, precision);
    }
}
