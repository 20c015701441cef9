package io.cambium.data;

import java.util.Iterator;

/**
 * An iterator over a {@link Dataset} that may hold resources (background threads, open files).
 * Close it when stopping early; iterating to the end releases the resources as well.
 */
public interface DataIterator<T> extends Iterator<T>, AutoCloseable {

    /** Releases threads and files held by this iterator and the iterators it reads from. */
    @Override
    void close();

    /** Wraps a plain iterator that holds nothing; {@code onClose} runs once on close (may be null). */
    static <T> DataIterator<T> of(Iterator<T> it, Runnable onClose) {
        return new DataIterator<>() {
            private boolean closed;

            @Override
            public boolean hasNext() {
                return !closed && it.hasNext();
            }

            @Override
            public T next() {
                if (closed) {
                    throw new java.util.NoSuchElementException("iterator is closed");
                }
                return it.next();
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    if (onClose != null) {
                        onClose.run();
                    }
                }
            }
        };
    }
}
