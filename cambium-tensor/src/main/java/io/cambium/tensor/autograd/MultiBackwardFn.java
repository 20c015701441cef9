package io.cambium.tensor.autograd;

import io.cambium.tensor.Tensor;

/**
 * The backward rule of an operation with several outputs: given the gradient of each output
 * ({@code null} for an output that did not reach the loss), returns the gradient of each input.
 */
@FunctionalInterface
public interface MultiBackwardFn {
    Tensor[] apply(Tensor[] gradOutputs);
}
