package io.cambium.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The one shared thread pool of Cambium. Its size comes from the system property
 * {@code cambium.threads} (default: the number of available processors) and can be changed with
 * {@link #setThreads(int)}.
 *
 * <p>Work is split into chunks whose boundaries depend only on the problem size and the grain,
 * never on the thread count, so that results do not depend on how many threads run them.
 */
public final class Parallel {
    /** A body that processes the half-open index range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static volatile ForkJoinPool pool;
    private static volatile int threads;

    static {
        int n = Integer.getInteger("cambium.threads", Runtime.getRuntime().availableProcessors());
        setThreads(n);
    }

    private Parallel() {
    }

    /** Number of threads that kernels use. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads that kernels use (at least 1). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("cambium.threads must be at least 1, got " + n);
        }
        ForkJoinPool old = pool;
        threads = n;
        pool = n == 1 ? null : new ForkJoinPool(n, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("cambium-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
        if (old != null) {
            old.shutdown();
        }
    }

    /**
     * Runs {@code body} over [0, n) in chunks of at least {@code grain} indices, in parallel when
     * there is more than one chunk. Chunks are at most {@code threads()} in number.
     */
    public static void range(int n, int grain, RangeBody body) {
        int t = threads;
        if (n <= 0) {
            return;
        }
        int chunks = (int) Math.min(t, Math.max(1, (long) n / Math.max(1, grain)));
        if (chunks <= 1 || pool == null) {
            body.run(0, n);
            return;
        }
        runChunks(chunks, i -> body.run((int) ((long) n * i / chunks), (int) ((long) n * (i + 1) / chunks)));
    }

    /** A body that processes one task index. */
    @FunctionalInterface
    public interface TaskBody {
        void run(int task);
    }

    /** Runs {@code count} independent tasks on the pool and waits for all of them. */
    public static void tasks(int count, TaskBody body) {
        if (count <= 0) {
            return;
        }
        if (count == 1 || pool == null) {
            for (int i = 0; i < count; i++) {
                body.run(i);
            }
            return;
        }
        runChunks(count, body);
    }

    private static void runChunks(int count, TaskBody body) {
        ForkJoinPool p = pool;
        if (Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == p) {
            List<ForkJoinTask<?>> tasks = new ArrayList<>(count - 1);
            for (int i = 1; i < count; i++) {
                final int task = i;
                tasks.add(ForkJoinTask.adapt(() -> body.run(task)).fork());
            }
            body.run(0);
            for (ForkJoinTask<?> f : tasks) {
                f.join();
            }
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(count - 1);
        for (int i = 1; i < count; i++) {
            final int task = i;
            tasks.add(p.submit(() -> body.run(task)));
        }
        Throwable failure = null;
        try {
            body.run(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> f : tasks) {
            try {
                f.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
    }
}
