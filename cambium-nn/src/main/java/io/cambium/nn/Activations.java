package io.cambium.nn;

import io.cambium.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Activation functions by their Keras names ({@code "relu"}, {@code "softmax"}, ...), used by
 * {@code Dense(...).activation("relu")} and the {@code Activation} layer, and by saved models.
 * Register custom functions with {@link #register} so that models using them can be reloaded.
 */
public final class Activations {
    private static final Map<String, UnaryOperator<Tensor>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("linear", x -> x);
    }

    private Activations() {
    }

    /** Adds or replaces a named activation. */
    public static synchronized void register(String name, UnaryOperator<Tensor> fn) {
        BY_NAME.put(name, fn);
    }

    /**
     * The activation with this Keras name.
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static synchronized UnaryOperator<Tensor> get(String name) {
        UnaryOperator<Tensor> fn = BY_NAME.get(name == null ? "linear" : name);
        if (fn == null) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + BY_NAME.keySet());
        }
        return fn;
    }

    /** The registered name of a function, or {@code null} when it is anonymous. */
    public static synchronized String nameOf(UnaryOperator<Tensor> fn) {
        for (Map.Entry<String, UnaryOperator<Tensor>> e : BY_NAME.entrySet()) {
            if (e.getValue() == fn) {
                return e.getKey();
            }
        }
        return null;
    }
}
