package io.cambium.nn.initializers;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

/**
 * Creates the initial value of a weight. Fans follow Keras: for a kernel of shape
 * {@code [..receptive.., in, out]} the fan-in is {@code in * receptive} and the fan-out is
 * {@code out * receptive}; a vector has fan-in = fan-out = its length.
 */
@FunctionalInterface
public interface Initializer {
    /** A new tensor of the given shape. */
    Tensor initialize(int[] shape, Rng rng);
}
