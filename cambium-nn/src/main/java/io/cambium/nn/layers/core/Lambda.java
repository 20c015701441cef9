package io.cambium.nn.layers.core;

import io.cambium.nn.FluentLayer;
import io.cambium.nn.Layer;
import io.cambium.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * Wraps a differentiable function of a tensor as a layer. Its output shape is found by running the
 * function on a one-sample zero input unless given. Like Keras's Lambda it has no weights and
 * cannot be saved in an architecture (use a registered custom layer for that).
 */
public class Lambda extends FluentLayer<Lambda> {
    private final UnaryOperator<Tensor> fn;
    private UnaryOperator<int[]> outputShape;

    /** A layer computing {@code fn(x)}. */
    public Lambda(UnaryOperator<Tensor> fn) {
        this.fn = fn;
    }

    /** Declares how the shape (batch axis included) changes, instead of probing the function. */
    public Lambda outputShape(UnaryOperator<int[]> shapeFn) {
        this.outputShape = shapeFn;
        return this;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return fn.apply(x);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (outputShape != null) {
            return outputShape.apply(inputShape.clone());
        }
        int[] probe = inputShape.clone();
        for (int i = 0; i < probe.length; i++) {
            if (probe[i] < 0) {
                probe[i] = 1;
            }
        }
        int[] out;
        try (var g = io.cambium.tensor.autograd.NoGrad.scope()) {
            out = fn.apply(Tensor.zeros(probe)).shape();
        }
        if (out.length > 0 && inputShape.length > 0 && inputShape[0] < 0) {
            out[0] = -1;
        }
        return out;
    }

    @Override
    public java.util.Map<String, Object> config() {
        throw new UnsupportedOperationException(describe()
                + ": a Lambda layer cannot be saved in an architecture; write a custom Layer and register it");
    }
}
