package io.cambium.data;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order-preserving map on a private pool of daemon threads: the consumer reads the source, keeps
 * up to {@code 2 * parallelism} tasks in flight, and returns results in submission order.
 */
final class ParallelMapDataset<T, R> extends Dataset<R> {

    /** A function that also sees the pass number and the element's position in the pass. */
    interface PositionalFn<T, R> {
        R apply(long pass, long index, T element);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();
    private final Dataset<T> src;
    private final PositionalFn<? super T, ? extends R> fn;
    private final int parallelism;
    private final AtomicLong passes = new AtomicLong();

    ParallelMapDataset(Dataset<T> src, PositionalFn<? super T, ? extends R> fn, int parallelism) {
        this.src = src;
        this.fn = fn;
        this.parallelism = parallelism;
    }

    @Override
    public DataIterator<R> iterator() {
        long pass = passes.getAndIncrement();
        DataIterator<T> it = src.iterator();
        if (parallelism == 1) {
            return DataIterator.of(new java.util.Iterator<R>() {
                private long index;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public R next() {
                    return fn.apply(pass, index++, it.next());
                }
            }, it::close);
        }
        return new Iter(pass, it);
    }

    private final class Iter implements DataIterator<R> {
        private final long pass;
        private final DataIterator<T> source;
        private final ExecutorService pool;
        private final java.util.List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ArrayDeque<Future<? extends R>> window = new ArrayDeque<>();
        private long index;
        private boolean closed;

        Iter(long pass, DataIterator<T> source) {
            this.pass = pass;
            this.source = source;
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(parallelism, r -> {
                Thread t = new Thread(r, "cambium-map-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                threads.add(t);
                return t;
            });
        }

        private void fill() {
            while (!closed && window.size() < 2 * parallelism && source.hasNext()) {
                T element = source.next();
                long i = index++;
                window.add(pool.submit(() -> fn.apply(pass, i, element)));
            }
        }

        @Override
        public boolean hasNext() {
            fill();
            if (window.isEmpty()) {
                close();
                return false;
            }
            return true;
        }

        @Override
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Future<? extends R> f = window.poll();
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("map: interrupted while waiting for an element", e);
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("map: the mapped function failed: " + cause, cause);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                window.forEach(f -> f.cancel(true));
                window.clear();
                pool.shutdownNow();
                try {
                    // Tasks only compute; once interrupted they finish quickly, so no thread outlives the pass.
                    pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
                    // A terminated pool's workers may still be finishing their exit: join them too.
                    for (Thread t : threads) {
                        t.join(1000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                source.close();
            }
        }
    }

    @Override
    public long cardinality() {
        return src.cardinality();
    }
}
