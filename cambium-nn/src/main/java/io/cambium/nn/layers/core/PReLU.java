package io.cambium.nn.layers.core;

import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import java.util.Map;

/**
 * Parametric ReLU (Keras's PReLU): {@code max(x, 0) + alpha * min(x, 0)} with a learned alpha per
 * feature of the last axis, initialized to 0.
 */
public class PReLU extends FluentLayer<PReLU> implements KeepsNoActivations {
    private Variable alpha;

    /** A PReLU layer. */
    public PReLU() {
    }

    /** The learned slopes (after build). */
    public Variable alpha() {
        return alpha;
    }

    @Override
    public void build(int[] inputShape) {
        alpha = addWeight("alpha", new int[] {inputShape[inputShape.length - 1]}, Initializers.zeros(), null, null, true);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        Tensor negative = x.neg().relu().neg();
        return x.relu().add(alpha.value().mul(negative));
    }

    /** Re-creates the layer from {@link #config()}. */
    public static PReLU fromConfig(Map<String, Object> c) {
        PReLU p = new PReLU();
        p.applyBaseConfig(c);
        return p;
    }
}
