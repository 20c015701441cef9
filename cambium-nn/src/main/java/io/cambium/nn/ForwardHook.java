package io.cambium.nn;

import io.cambium.tensor.Tensor;
import java.util.List;

/**
 * Code run around each call of a layer on tensors, added with {@link Layer#addForwardHook}: how
 * diagnostics (activation statistics, anomaly detection's layer labels) observe a model without
 * any layer knowing about them.
 */
public interface ForwardHook {
    /** Before the layer computes, with its inputs. */
    default void beforeCall(Layer layer, List<Tensor> inputs, boolean training) {
    }

    /**
     * After the layer computed, with its inputs and outputs; {@code outputs} is null when the
     * call threw (the exception continues after the hooks ran).
     */
    default void afterCall(Layer layer, List<Tensor> inputs, List<Tensor> outputs, boolean training) {
    }

    /** Removes its hook when closed; closing twice does nothing. */
    @FunctionalInterface
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }
}
