package io.cambium.tensor.autograd;

import io.cambium.tensor.Tensor;

/**
 * The backward rule of one recorded operation: given the gradient of the loss with respect to the
 * operation's output, returns the gradient with respect to each input, in input order. An entry
 * may be {@code null} when that input needs no gradient. Each returned gradient has exactly the
 * shape of its input (broadcasting is undone by the rule). The gradient passed in is valid for the
 * call only: the backward pass may reuse its array once the rule has returned (unless the rule
 * returned it or a reshaped view of it).
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor gradOutput);
}
