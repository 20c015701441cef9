package io.cambium.tensor.kernels.vector;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Shares the items of a fixed sequence of phases between the threads of one parallel region:
 * every participant walks the phases in the same order, claims items of the current phase from a
 * shared counter, and leaves a phase only when all of its items are complete (the items of the
 * next phase may read what this phase wrote). A participant that arrives late finds the items
 * claimed and passes through, so the region never waits for a thread that has not started, and
 * which thread runs an item never changes what the item computes.
 */
final class Phases {
    /** A body over the item indices of one phase. */
    @FunctionalInterface
    interface Item {
        void run(int item);
    }

    /** Phases run by the calling thread alone: items in order, no shared counters. */
    static final Phases SERIAL = new Phases(0, false);

    private final AtomicIntegerArray claimed;
    private final AtomicIntegerArray completed;
    private volatile Throwable failure;

    /** Phases 0..phases-1, shared between the threads of one parallel region. */
    Phases(int phases) {
        this(phases, true);
    }

    private Phases(int phases, boolean shared) {
        claimed = shared ? new AtomicIntegerArray(phases) : null;
        completed = shared ? new AtomicIntegerArray(phases) : null;
    }

    /** Runs the unclaimed items 0..count-1 of phase {@code phase}, then waits until all are complete. */
    void run(int phase, int count, Item body) {
        if (claimed == null) {
            for (int i = 0; i < count; i++) {
                body.run(i);
            }
            return;
        }
        for (int i = claimed.getAndIncrement(phase); i < count; i = claimed.getAndIncrement(phase)) {
            try {
                body.run(i);
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            }
            completed.incrementAndGet(phase);
        }
        int spins = 0;
        while (completed.get(phase) < count) {
            Throwable f = failure;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error er) {
                throw er;
            }
            // The items left are running on another thread; on a busy machine that thread may
            // be descheduled, so stop spinning soon and give the core away.
            if (++spins < 200) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}
