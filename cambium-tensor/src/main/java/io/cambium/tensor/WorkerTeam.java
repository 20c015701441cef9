package io.cambium.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The helper threads behind {@link Parallel}: a fixed team of {@code threads - 1} daemon threads
 * that run the tasks of one parallel region at a time together with the thread that started it.
 *
 * <p>Between regions a helper waits by spinning for a short time before it parks, so that the
 * next region of a training step finds it awake (on the project's machine a parked thread takes
 * 10-35 us to run again, a spinning one 1-3 us). Tasks are claimed from a shared counter, so
 * a helper that is late or descheduled leaves its share to the others, and the region never waits
 * for a thread that has not started.
 *
 * <p>One region runs at a time. A region started while another runs (from another thread, or
 * from inside a task of the running one) runs its tasks on its own thread: the team's threads are
 * already busy, and more threads than cores would only take turns.
 */
final class WorkerTeam {
    /**
     * How long an idle helper spins before it parks ({@code cambium.spinMicros}, default 100):
     * long enough to span the serial stretches between the kernels of a training step, short
     * enough that an idle program gives its cores back at once (measurements in
     * docs/decisions/parallel-chunks.md).
     */
    private static final long SPIN_NANOS = Long.getLong("cambium.spinMicros", 100) * 1_000;

    /** The tasks of one region and their progress. */
    private static final class Job {
        final int count;
        /** Cleared when the region ends, so that an idle team holds none of its data. */
        volatile Parallel.TaskBody body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(int count, Parallel.TaskBody body) {
            this.count = count;
            this.body = body;
        }

        /** Runs unclaimed tasks until none is left. */
        void work() {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    // Not null here: the body is cleared only after every task was claimed.
                    body.run(i);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final Thread[] helpers;
    /** 1 while helper i is parked or about to park: the starter of a region must unpark it. */
    private final AtomicIntegerArray parked;
    /** The thread that runs a region now, or null. */
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private volatile Job current;
    private volatile boolean stopped;

    /** A team for {@code threads} threads in all: the caller and {@code threads - 1} helpers. */
    WorkerTeam(int threads) {
        helpers = new Thread[threads - 1];
        parked = new AtomicIntegerArray(helpers.length);
        for (int i = 0; i < helpers.length; i++) {
            final int id = i;
            Thread t = new Thread(() -> helperLoop(id), "cambium-" + (i + 1));
            t.setDaemon(true);
            helpers[i] = t;
        }
        for (Thread t : helpers) {
            t.start();
        }
    }

    /**
     * Runs tasks 0..count-1 on this thread and the helpers and returns when all are complete;
     * rethrows the first failure of a task (after all tasks have ended).
     */
    void run(int count, Parallel.TaskBody body) {
        Thread me = Thread.currentThread();
        if (!owner.compareAndSet(null, me)) {
            // Another region runs (possibly the one this task belongs to): run here, in order.
            for (int i = 0; i < count; i++) {
                body.run(i);
            }
            return;
        }
        Job job = new Job(count, body);
        try {
            current = job;
            for (int i = 0; i < helpers.length; i++) {
                if (parked.get(i) == 1 && parked.getAndSet(i, 0) == 1) {
                    LockSupport.unpark(helpers[i]);
                }
            }
            job.work();
            int spins = 0;
            while (job.done.get() < count) {
                // The tasks left are running on a helper; on a busy machine it may be
                // descheduled, so stop spinning soon and give the core away.
                if (++spins < 200) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        } finally {
            job.body = null;
            owner.set(null);
        }
        Throwable f = job.failure;
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /** Stops the helpers once they are idle. */
    void shutdown() {
        stopped = true;
        for (Thread t : helpers) {
            LockSupport.unpark(t);
        }
    }

    private void helperLoop(int id) {
        Job seen = null;
        while (!stopped) {
            Job job = current;
            if (job != seen) {
                seen = job;
                job.work();
                continue;
            }
            long deadline = System.nanoTime() + SPIN_NANOS;
            while ((job = current) == seen && !stopped && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (job != seen || stopped) {
                continue;
            }
            // Park, unless a region started after the check above: the starter reads `parked`
            // after it publishes `current`, and this thread reads `current` after it sets
            // `parked`, so one of the two sees the other.
            parked.set(id, 1);
            if (current == seen && !stopped) {
                LockSupport.park(this);
            }
            parked.set(id, 0);
        }
    }
}
