package io.cambium.nn.io;

import java.util.Map;

/**
 * Implemented by layers whose weights are saved in a stored type other than float32 (a quantized
 * layer's int8 values, 16-bit weights): the model file keeps those tensors in that type, and loading
 * checks that what was read is valid for the layer before the model is returned.
 */
public interface WeightStorage {
    /**
     * The stored type by variable name ({@code "I8"}, {@code "F16"}, {@code "BF16"}); variables not
     * listed are saved as float32.
     */
    Map<String, String> weightDtypes();

    /**
     * Checks the loaded weights (an int8 tensor holds integers in range, scales are positive).
     *
     * @throws IllegalArgumentException naming the layer and the problem
     */
    void validateWeights();
}
