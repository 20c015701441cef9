package io.cambium.nn;

import io.cambium.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Activation functions by their Keras names ({@code "relu"}, {@code "softmax"} over the last axis,
 * {@code "leaky_relu"} with slope 0.2, {@code "gelu"} exact, {@code "gelu_approximate"} its tanh
 * approximation, ...), used by
 * {@code Dense(...).activation("relu")} and the {@code Activation} layer, and by saved models.
 * Register custom functions with {@link #register} so that models using them can be reloaded.
 */
public final class Activations {
    private static final Map<String, UnaryOperator<Tensor>> BY_NAME = new LinkedHashMap<>();
    private static final UnaryOperator<Tensor> RELU = Tensor::relu;

    static {
        BY_NAME.put("linear", x -> x);
        BY_NAME.put("relu", RELU);
        BY_NAME.put("relu6", Tensor::relu6);
        BY_NAME.put("leaky_relu", x -> x.leakyRelu(0.2f));
        BY_NAME.put("elu", x -> x.elu(1f));
        BY_NAME.put("selu", Tensor::selu);
        BY_NAME.put("gelu", Tensor::gelu);
        // Keras's gelu(x, approximate=True), PyTorch's GELU(approximate='tanh'); saved under this name.
        BY_NAME.put("gelu_approximate", x -> x.gelu(true));
        BY_NAME.put("gelu_tanh", BY_NAME.get("gelu_approximate"));
        BY_NAME.put("sigmoid", Tensor::sigmoid);
        BY_NAME.put("hard_sigmoid", Tensor::hardSigmoid);
        BY_NAME.put("tanh", Tensor::tanh);
        BY_NAME.put("softmax", x -> x.softmax(-1));
        BY_NAME.put("log_softmax", x -> x.logSoftmax(-1));
        BY_NAME.put("softplus", Tensor::softplus);
        BY_NAME.put("softsign", Tensor::softsign);
        BY_NAME.put("silu", Tensor::silu);
        BY_NAME.put("swish", BY_NAME.get("silu"));
        BY_NAME.put("exponential", Tensor::exp);
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

    /**
     * GELU as Keras's {@code gelu(x, approximate)}: exact ({@code "gelu"}) or the tanh
     * approximation ({@code "gelu_approximate"}); either is saved with a model by its name.
     */
    public static UnaryOperator<Tensor> gelu(boolean approximate) {
        return get(approximate ? "gelu_approximate" : "gelu");
    }

    /** Whether {@code fn} is the built-in ReLU (layers may fuse it into their own op). */
    public static boolean isBuiltInRelu(UnaryOperator<Tensor> fn) {
        return fn == RELU;
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
