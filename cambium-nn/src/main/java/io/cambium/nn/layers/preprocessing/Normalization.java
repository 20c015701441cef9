package io.cambium.nn.layers.preprocessing;

import io.cambium.nn.FluentLayer;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.Map;

/**
 * Feature-wise standardization along the last axis (Keras's Normalization):
 * {@code (x - mean) / max(sqrt(variance), 1e-7)}, with the mean and (biased) variance learned from
 * data by {@link #adapt(Tensor)}. The statistics are non-trainable weights, saved with the model.
 */
public class Normalization extends FluentLayer<Normalization> {
    private static final float EPSILON = 1e-7f;
    private Variable mean;
    private Variable variance;

    /** An unadapted normalization layer. */
    public Normalization() {
    }

    /**
     * Computes the mean and variance of every feature (last axis) over all other axes of
     * {@code data}, building the layer if needed.
     */
    public Normalization adapt(Tensor data) {
        int[] s = data.shape();
        int features = s[s.length - 1];
        if (!isBuilt()) {
            int[] shape = s.clone();
            shape[0] = -1;
            ensureBuilt(java.util.List.of(shape));
        } else if (mean.shape()[0] != features) {
            throw new IllegalArgumentException(describe() + ": adapted to " + mean.shape()[0] + " features, got data "
                    + shapeStr(s));
        }
        try (NoGrad ignored = NoGrad.scope()) {
            Tensor rows = data.reshape(-1, features);
            mean.assign(rows.mean(0, false));
            variance.assign(rows.var(new int[] {0}, 0, false));
        }
        return this;
    }

    @Override
    public void build(int[] inputShape) {
        int f = inputShape[inputShape.length - 1];
        mean = addWeight("mean", new int[] {f}, Initializers.zeros(), null, null, false);
        variance = addWeight("variance", new int[] {f}, Initializers.ones(), null, null, false);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        Tensor std = variance.value().sqrt().clip(EPSILON, Float.MAX_VALUE);
        return x.sub(mean.value()).div(std);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Normalization fromConfig(Map<String, Object> c) {
        Normalization n = new Normalization();
        n.applyBaseConfig(c);
        return n;
    }
}
