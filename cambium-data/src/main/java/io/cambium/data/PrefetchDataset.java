package io.cambium.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the source on a background daemon thread into a bounded queue, so that producing the next
 * batch overlaps with consuming the current one. Errors of the source are rethrown to the consumer
 * at the position where they happened; closing the iterator stops and joins the thread.
 */
final class PrefetchDataset<T> extends Dataset<T> {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Object END = new Object();

    private record Failure(Throwable error) {
    }

    private final Dataset<T> src;
    private final int bufferSize;

    PrefetchDataset(Dataset<T> src, int bufferSize) {
        this.src = src;
        this.bufferSize = bufferSize;
    }

    @Override
    public DataIterator<T> iterator() {
        return new Iter();
    }

    private final class Iter implements DataIterator<T> {
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(bufferSize);
        private final Thread producer;
        private volatile boolean stopped;
        private Object head;
        private boolean finished;

        Iter() {
            producer = new Thread(this::produce, "cambium-prefetch-" + THREADS.incrementAndGet());
            producer.setDaemon(true);
            producer.start();
        }

        private void produce() {
            Object last = END;
            try (DataIterator<T> it = src.iterator()) {
                while (!stopped && it.hasNext()) {
                    queue.put(it.next());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                last = new Failure(t);
            }
            try {
                if (!stopped) {
                    queue.put(last);
                }
            } catch (InterruptedException ignored) {
                // closed while handing over the end marker: nobody is waiting for it
            }
        }

        @Override
        public boolean hasNext() {
            if (finished) {
                return false;
            }
            if (head == null) {
                try {
                    head = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("prefetch: interrupted while waiting for an element", e);
                }
            }
            if (head == END) {
                close();
                return false;
            }
            if (head instanceof Failure f) {
                close();
                Throwable t = f.error();
                if (t instanceof RuntimeException re) {
                    throw re;
                }
                if (t instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("prefetch: the source failed: " + t, t);
            }
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T t = (T) head;
            head = null;
            return t;
        }

        @Override
        public void close() {
            if (finished) {
                return;
            }
            finished = true;
            stopped = true;
            producer.interrupt();
            queue.clear();
            try {
                producer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long cardinality() {
        return src.cardinality();
    }
}
