package io.cambium.nn.constraints;

import io.cambium.tensor.Tensor;

/** A projection applied to a weight in place after each optimizer step (max-norm, non-negativity). */
@FunctionalInterface
public interface Constraint {
    /** Projects {@code weight} in place. */
    void apply(Tensor weight);
}
