package io.cambium.cli.support;

import io.cambium.data.DataIterator;
import io.cambium.data.Dataset;
import io.cambium.data.Example;
import io.cambium.nn.training.Batch;
import io.cambium.nn.training.Batches;

import java.util.Iterator;

/**
 * Adapts a {@link Dataset} of batched {@link Example}s to the model API's {@link Batches}, so a
 * pipeline (shuffle, augmentation, prefetch) feeds {@code fit}, {@code evaluate} and {@code predict}.
 * Each pass over the batches is one pass over the dataset; an unfinished pass is closed when the
 * next one starts, so no prefetch thread outlives an epoch that stopped early.
 */
public final class DatasetBatches implements Batches {
    private final Dataset<Example> batches;
    private final int steps;
    private DataIterator<Example> open;

    /** @param steps batches per pass, or -1 if unknown */
    public DatasetBatches(Dataset<Example> batches, int steps) {
        this.batches = batches;
        this.steps = steps;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public synchronized Iterator<Batch> iterator() {
        if (open != null) {
            open.close();
        }
        DataIterator<Example> it = batches.iterator();
        open = it;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Batch next() {
                Example e = it.next();
                return Batch.of(e.x(), e.y(), e.weight());
            }
        };
    }

    /** Closes the pass in progress, if any. */
    public synchronized void close() {
        if (open != null) {
            open.close();
            open = null;
        }
    }
}
