package io.cambium.nn;

import io.cambium.tensor.Tensor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Keras-style mask propagation for padded batches of variable length. A layer that produces a mask
 * ({@code Masking}, {@code Embedding} with {@code maskZero}) attaches a {@code [batch, timesteps]}
 * tensor of 1 (real step) and 0 (padding) to its output; recurrent layers read it from their input.
 * Entries are keyed by tensor identity and vanish with the tensor.
 */
public final class Masks {
    private static final Map<Tensor, Tensor> MASKS = Collections.synchronizedMap(new WeakHashMap<>());

    private Masks() {
    }

    /** Attaches {@code mask} to {@code output}; returns {@code output}. */
    public static Tensor attach(Tensor output, Tensor mask) {
        if (mask != null) {
            MASKS.put(output, mask);
        }
        return output;
    }

    /** The mask attached to {@code x}, or {@code null}. */
    public static Tensor of(Tensor x) {
        return MASKS.get(x);
    }
}
