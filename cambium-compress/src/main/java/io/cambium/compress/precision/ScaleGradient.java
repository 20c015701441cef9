package io.cambium.compress.precision;

import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/**
 * The identity whose backward pass multiplies the gradient by the loss scale of a
 * {@link LossScaleOptimizer}: placed at a model's output, it scales every gradient below it as
 * scaling the loss would, while the loss value reported by {@code fit} stays unscaled.
 */
public final class ScaleGradient extends FluentLayer<ScaleGradient> {
    private final LossScaleOptimizer scaler;

    /** Scales gradients by {@code scaler}'s current scale. */
    public ScaleGradient(LossScaleOptimizer scaler) {
        this.scaler = scaler;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = new Tensor(x.data(), x.shape());
        return Autograd.record(y, "scale_gradient", g -> new Tensor[] {g.mul(scaler.scale())}, x);
    }

    @Override
    public java.util.Map<String, Object> config() {
        throw new UnsupportedOperationException(describe() + " is a training layer; save the model without it "
                + "(MixedPrecision.strip)");
    }
}
