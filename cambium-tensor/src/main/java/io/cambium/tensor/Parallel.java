package io.cambium.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one shared thread pool of Cambium. Its size comes from the system property
 * {@code cambium.threads} (default: the number of available processors) and can be changed with
 * {@link #setThreads(int)}.
 *
 * <p>How {@link #range} cuts its work into chunks depends on the thread count, and which thread
 * runs a chunk on timing; the bodies compute every index the same whatever chunk holds it, and
 * work whose result depends on a grouping (partial sums) groups by fixed items of the problem,
 * so that results do not depend on how many threads run them.
 */
public final class Parallel {
    /** A body that processes the half-open index range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /**
     * A range is cut into up to this many chunks per thread, taken in turn by the threads, so that
     * a thread the machine slows down (a descheduled or shared core) leaves its remaining chunks
     * to the others instead of holding everyone back.
     */
    private static final int CHUNKS_PER_THREAD = 4;

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
     * there is more than one chunk; the threads take the chunks in turn (up to four per thread), so
     * {@code body} must compute each index the same whatever chunk it falls in.
     */
    public static void range(int n, int grain, RangeBody body) {
        int t = threads;
        if (n <= 0) {
            return;
        }
        int chunks = (int) Math.min((long) t * CHUNKS_PER_THREAD, Math.max(1, (long) n / Math.max(1, grain)));
        if (chunks <= 1 || pool == null) {
            body.run(0, n);
            return;
        }
        int workers = Math.min(t, chunks);
        AtomicInteger next = new AtomicInteger();
        runChunks(workers, w -> {
            for (int i = next.getAndIncrement(); i < chunks; i = next.getAndIncrement()) {
                body.run((int) ((long) n * i / chunks), (int) ((long) n * (i + 1) / chunks));
            }
        });
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
