package io.cambium.interop.onnx.runtime;

import io.cambium.nn.Variable;

/**
 * What a node keeps between calls: batch normalization's running mean and variance (the graph's
 * initializers, updated in training mode with the node's momentum), and whether the producer
 * (PyTorch) averages the unbiased batch variance into them.
 */
public record NodeState(Variable runningMean, Variable runningVar, boolean unbiasedVariance) {
}
