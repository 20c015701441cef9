package io.cambium.tensor;

/**
 * The one shared thread pool of Cambium. Its size comes from the system property
 * {@code cambium.threads} (default: the number of available processors) and can be changed with
 * {@link #setThreads(int)}.
 *
 * <p>How {@link #range} cuts its work into chunks depends on the thread count, and which thread
 * runs a chunk on timing; the bodies compute every index the same whatever chunk holds it, and
 * work whose result depends on a grouping (partial sums) groups by fixed items of the problem,
 * so that results do not depend on how many threads run them.
 *
 * <p>One parallel region runs at a time: a region started while another runs (from a task of the
 * running one, or from another thread) runs its work on its own thread.
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

    private static volatile WorkerTeam team;
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
        WorkerTeam old = team;
        threads = n;
        team = n == 1 ? null : new WorkerTeam(n);
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
        if (n <= 0) {
            return;
        }
        WorkerTeam t = team;
        int chunks = (int) Math.min((long) threads * CHUNKS_PER_THREAD, Math.max(1, (long) n / Math.max(1, grain)));
        if (chunks <= 1 || t == null) {
            body.run(0, n);
            return;
        }
        t.run(chunks, i -> body.run((int) ((long) n * i / chunks), (int) ((long) n * (i + 1) / chunks)));
    }

    /** A body that processes one task index. */
    @FunctionalInterface
    public interface TaskBody {
        void run(int task);
    }

    /**
     * Runs {@code count} independent tasks on the calling thread and the pool's threads and
     * waits for all of them. Each thread takes the next task not yet taken, so {@code body} must
     * not depend on which thread runs a task or on tasks running at the same time.
     */
    public static void tasks(int count, TaskBody body) {
        if (count <= 0) {
            return;
        }
        WorkerTeam t = team;
        if (count == 1 || t == null) {
            for (int i = 0; i < count; i++) {
                body.run(i);
            }
            return;
        }
        t.run(count, body);
    }
}
