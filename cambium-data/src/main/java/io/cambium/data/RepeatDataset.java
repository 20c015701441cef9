package io.cambium.data;

import java.util.NoSuchElementException;

/** A dataset repeated a number of times (or forever when the count is negative). */
final class RepeatDataset<T> extends Dataset<T> {
    private final Dataset<T> src;
    private final int count;

    RepeatDataset(Dataset<T> src, int count) {
        this.src = src;
        this.count = count;
    }

    @Override
    public DataIterator<T> iterator() {
        return new DataIterator<>() {
            private DataIterator<T> current;
            private int started;
            private boolean yieldedInPass;
            private boolean closed;

            @Override
            public boolean hasNext() {
                while (!closed) {
                    if (current != null) {
                        if (current.hasNext()) {
                            return true;
                        }
                        current.close();
                        current = null;
                        if (!yieldedInPass && count < 0) {
                            // An empty source repeated forever would spin; end instead, as tf.data does.
                            return false;
                        }
                    }
                    if (count >= 0 && started >= count) {
                        return false;
                    }
                    current = src.iterator();
                    started++;
                    yieldedInPass = false;
                }
                return false;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                yieldedInPass = true;
                return current.next();
            }

            @Override
            public void close() {
                closed = true;
                if (current != null) {
                    current.close();
                    current = null;
                }
            }
        };
    }

    @Override
    public long cardinality() {
        return Dataset.repeated(src.cardinality(), count);
    }
}
