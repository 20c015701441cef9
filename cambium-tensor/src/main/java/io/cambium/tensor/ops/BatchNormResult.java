package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;

/**
 * The output of training-mode batch normalization and the per-channel batch statistics
 * (shape {@code [channels]}, not connected to the graph) that a layer uses to update its moving
 * averages: Keras averages the biased {@code variance}, PyTorch the {@code unbiasedVariance}
 * (which, where only one value per channel exists and it is undefined, equals the biased one).
 */
public record BatchNormResult(Tensor output, Tensor mean, Tensor variance, Tensor unbiasedVariance) {
}
