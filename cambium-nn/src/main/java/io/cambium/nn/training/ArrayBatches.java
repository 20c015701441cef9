package io.cambium.nn.training;

import io.cambium.Cambium;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Batches over rows of in-memory tensors, optionally a subset, reshuffled on every pass. */
final class ArrayBatches implements Batches {
    private final List<Tensor> xs;
    private final List<Tensor> ys;
    private final Tensor weights;
    private final int[] rows;
    private final int batchSize;
    private final boolean shuffle;

    ArrayBatches(List<Tensor> xs, List<Tensor> ys, Tensor weights, int[] rows, int batchSize, boolean shuffle) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("fit/evaluate: no input arrays");
        }
        int n = xs.get(0).dim(0);
        List<Tensor> all = new ArrayList<>(xs);
        all.addAll(ys);
        if (weights != null) {
            all.add(weights);
        }
        for (Tensor t : all) {
            if (t.rank() == 0 || t.dim(0) != n) {
                throw new IllegalArgumentException("data arrays must have the same number of samples on axis 0: got "
                        + Shape.str(t.shape()) + " with " + n + " samples in the first input");
            }
        }
        this.xs = List.copyOf(xs);
        this.ys = List.copyOf(ys);
        this.weights = weights;
        this.rows = rows == null ? Rows.range(0, n) : rows.clone();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
    }

    @Override
    public int steps() {
        return (rows.length + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = rows.clone();
        if (shuffle) {
            Rng rng = Cambium.rng();
            synchronized (rng) {
                rng.shuffle(order);
            }
        }
        return new Iterator<>() {
            private int pos;

            @Override
            public boolean hasNext() {
                return pos < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(order.length, pos + batchSize);
                List<Tensor> bx = new ArrayList<>(xs.size());
                for (Tensor t : xs) {
                    bx.add(Rows.take(t, order, pos, end));
                }
                List<Tensor> by = new ArrayList<>(ys.size());
                for (Tensor t : ys) {
                    by.add(Rows.take(t, order, pos, end));
                }
                Tensor bw = weights == null ? null : Rows.take(weights, order, pos, end);
                pos = end;
                return new Batch(bx, by, bw);
            }
        };
    }
}
