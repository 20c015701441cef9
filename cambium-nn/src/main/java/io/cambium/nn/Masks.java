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

    /**
     * Keras's boolean attention mask {@code (B, Tq, Tv)} as the 1 (attend) / 0 (masked) tensor
     * that {@code MultiHeadAttention} takes.
     */
    public static Tensor fromBooleans(boolean[][][] mask) {
        int b = mask.length;
        int tq = b == 0 ? 0 : mask[0].length;
        int tv = tq == 0 ? 0 : mask[0][0].length;
        float[] m = new float[b * tq * tv];
        for (int i = 0; i < b; i++) {
            if (mask[i].length != tq) {
                throw new IllegalArgumentException("Masks.fromBooleans: sample " + i + " has " + mask[i].length
                        + " query rows, expected " + tq);
            }
            for (int j = 0; j < tq; j++) {
                if (mask[i][j].length != tv) {
                    throw new IllegalArgumentException("Masks.fromBooleans: sample " + i + ", query " + j + " has "
                            + mask[i][j].length + " entries, expected " + tv);
                }
                for (int k = 0; k < tv; k++) {
                    m[(i * tq + j) * tv + k] = mask[i][j][k] ? 1f : 0f;
                }
            }
        }
        return new Tensor(m, b, tq, tv);
    }

    /** A boolean attention mask {@code (Tq, Tv)} shared by every sample, as a {@code (1, Tq, Tv)} 1/0 tensor. */
    public static Tensor fromBooleans(boolean[][] mask) {
        return fromBooleans(new boolean[][][] {mask});
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
