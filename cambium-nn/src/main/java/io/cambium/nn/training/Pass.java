package io.cambium.nn.training;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One pass over a data source as batches. The source's iterator is closed when the pass ends or
 * is abandoned (early stopping, an error, the next epoch starting), so a pipeline's prefetch
 * threads never outlive the pass that started them.
 */
final class Pass implements Iterator<Batch>, AutoCloseable {
    private final Iterator<? extends AsBatch> it;
    private boolean closed;

    Pass(Iterable<? extends AsBatch> source) {
        this.it = source.iterator();
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        boolean more = it.hasNext();
        if (!more) {
            close();
        }
        return more;
    }

    @Override
    public Batch next() {
        if (closed) {
            throw new NoSuchElementException("the pass is closed");
        }
        AsBatch e = it.next();
        if (e == null) {
            throw new IllegalArgumentException("the data source yielded a null element");
        }
        return e.asBatch();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (it instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing the data source failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The batches of one pass as a {@link Cardinality}: a count, {@link Cardinality#INFINITE} or
     * {@link Cardinality#UNKNOWN}; from {@link Batches#steps()}, a collection's size or the source's
     * own {@link Cardinality}.
     */
    static long steps(Iterable<?> source) {
        long n;
        if (source instanceof Batches b) {
            n = b.steps();
        } else if (source instanceof java.util.Collection<?> c) {
            n = c.size();
        } else if (source instanceof Cardinality c) {
            return c.cardinality() < 0 && c.cardinality() != Cardinality.INFINITE ? Cardinality.UNKNOWN : c.cardinality();
        } else {
            n = -1;
        }
        return n < 0 ? Cardinality.UNKNOWN : n;
    }
}
