package io.cambium.lab.support;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

/**
 * Synthetic sequence tasks for questions about memory over time: random one-hot symbols where the
 * label is the symbol seen a given number of steps earlier.
 */
public final class Sequences {
    private Sequences() {
    }

    /** Sequences {@code [n, length, symbols]} of one-hot symbols and the label of each. */
    public record Task(Tensor x, int[] y, int symbols) {
    }

    /**
     * The "remember the first symbol" task: {@code length} random symbols, the label is the first
     * one; everything after it is a distractor, so a model must carry it across the whole sequence.
     */
    public static Task recallFirst(int n, int length, int symbols, Rng rng) {
        return recallAt(n, length, symbols, 0, rng);
    }

    /** Random symbols where the label is the symbol at position {@code position}. */
    public static Task recallAt(int n, int length, int symbols, int position, Rng rng) {
        float[] x = new float[n * length * symbols];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < length; t++) {
                int s = rng.nextInt(symbols);
                x[(i * length + t) * symbols + s] = 1;
                if (t == position) {
                    y[i] = s;
                }
            }
        }
        return new Task(new Tensor(x, n, length, symbols), y, symbols);
    }
}
