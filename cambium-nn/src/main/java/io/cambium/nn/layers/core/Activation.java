package io.cambium.nn.layers.core;

import io.cambium.nn.Activations;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Tensor;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Applies an activation function elementwise (or along the last axis for softmax). */
public class Activation extends FluentLayer<Activation> implements KeepsNoActivations {
    private final String activationName;
    private final UnaryOperator<Tensor> fn;

    /** The activation with this Keras name. */
    public Activation(String name) {
        this.fn = Activations.get(name);
        this.activationName = name;
    }

    /** A custom activation function (saved by name only if registered in {@link Activations}). */
    public Activation(UnaryOperator<Tensor> fn) {
        this.fn = fn;
        this.activationName = Activations.nameOf(fn);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return fn.apply(x);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        if (activationName == null) {
            throw new IllegalStateException(describe() + ": register its function with Activations.register to save it");
        }
        c.put("activation", activationName);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Activation fromConfig(Map<String, Object> c) {
        Activation a = new Activation(Configs.string(c, "activation", "linear"));
        a.applyBaseConfig(c);
        return a;
    }
}
