package io.cambium.nn.regularizers;

import io.cambium.tensor.Tensor;

/** A penalty on a weight or an activation, added to the training loss (differentiable). */
@FunctionalInterface
public interface Regularizer {
    /** The scalar penalty for {@code x}. */
    Tensor penalty(Tensor x);
}
