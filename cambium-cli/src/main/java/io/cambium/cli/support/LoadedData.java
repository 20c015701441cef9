package io.cambium.cli.support;

import io.cambium.tensor.Tensor;

import java.util.List;

/**
 * A classification dataset ready for training: features with samples on axis 0, class indices as
 * floats, the class names, and a one-line description of where it came from.
 */
public record LoadedData(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, List<String> classNames,
                         String description) {

    /** The shape of one sample (without the batch axis). */
    public int[] sampleShape() {
        int[] s = xTrain.shape();
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }
}
