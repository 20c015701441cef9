package io.cambium.nn.training;

import io.cambium.tensor.Tensor;
import java.util.Iterator;
import java.util.List;

/**
 * A source of batches for {@code fit}, {@code evaluate} and {@code predict}: each call to
 * {@link #iterator()} is one pass over the data (one epoch), so a source that shuffles does so
 * there. Dataset pipelines implement or adapt to this interface.
 */
public interface Batches extends Iterable<Batch> {
    /** The number of batches in one pass, or -1 when unknown (progress then shows no total). */
    default int steps() {
        return -1;
    }

    /** Wraps any iterable of batches (one pass per {@code iterator()} call). */
    static Batches of(Iterable<Batch> batches) {
        int n = batches instanceof java.util.Collection<?> c ? c.size() : -1;
        return new Batches() {
            @Override
            public Iterator<Batch> iterator() {
                return batches.iterator();
            }

            @Override
            public int steps() {
                return n;
            }
        };
    }

    /** Batches of the rows of in-memory arrays, reshuffled each pass (seeded by {@code Cambium.rng()}) when asked. */
    static Batches fromArrays(Tensor x, Tensor y, int batchSize, boolean shuffle) {
        return new ArrayBatches(List.of(x), y == null ? List.of() : List.of(y), null, null, batchSize, shuffle);
    }

    /** Batches of several inputs and targets with optional sample weights. */
    static Batches fromArrays(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight, int batchSize, boolean shuffle) {
        return new ArrayBatches(xs, ys, sampleWeight, null, batchSize, shuffle);
    }
}
