package io.cambium.bench;

import java.util.function.IntFunction;

/**
 * The reference's sessions for one workload, one process per thread count: the libraries read
 * their thread limits when they load, so a 1-thread case and a 2-thread case cannot share a
 * process and both be limited for sure. A session starts when the first case of its thread count
 * asks for it and ends when a case of another count does, so at most one reference process is
 * alive; {@link #finish} gives the figures of all of them as one result.
 */
final class ReferenceSessions implements AutoCloseable {
    private final IntFunction<ReferenceSession> start;
    private ReferenceSession current;
    private int currentThreads;
    private Reference.Result done = Reference.Result.unavailable("reference.py measured no case");

    /** Sessions started by {@code start} (given a thread count). */
    ReferenceSessions(IntFunction<ReferenceSession> start) {
        this.start = start;
    }

    /** Sessions of {@code reference} for workload {@code workloadId}. */
    static ReferenceSessions of(Reference reference, String workloadId) {
        return new ReferenceSessions(t -> reference.session(workloadId, t));
    }

    /** The session for {@code threads}-thread cases, started now unless it is the current one. */
    ReferenceSession forThreads(int threads) {
        if (current != null && currentThreads == threads) {
            return current;
        }
        endCurrent();
        current = start.apply(threads);
        currentThreads = threads;
        return current;
    }

    /** Ends the session still alive and returns what all of them measured. */
    Reference.Result finish() {
        endCurrent();
        return done;
    }

    private void endCurrent() {
        if (current != null) {
            done = done.merge(current.finish());
            current = null;
        }
    }

    @Override
    public void close() {
        endCurrent();
    }
}
