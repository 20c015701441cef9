package io.cambium.spark;

import java.util.Locale;

/**
 * What a distributed fit cost: steps, driver wall time per step, and bytes moved per step
 * (weights broadcast to each executor that ran a task, task results sent back, and shuffle
 * bytes of the aggregation tree), as measured by Spark's task metrics.
 */
public final class RunStats {
    private long steps;
    private long nanos;
    private long broadcastBytes;
    private long resultBytes;
    private long shuffleBytes;
    private int executors;

    synchronized void reset() {
        steps = 0;
        nanos = 0;
        broadcastBytes = 0;
        resultBytes = 0;
        shuffleBytes = 0;
        executors = 0;
    }

    synchronized void step(long n, long elapsedNanos, long broadcast) {
        steps += n;
        nanos += elapsedNanos;
        broadcastBytes += broadcast;
    }

    synchronized void task(long result, long shuffle) {
        resultBytes += result;
        shuffleBytes += shuffle;
    }

    synchronized void executors(int n) {
        executors = Math.max(executors, n);
    }

    /** Optimizer steps taken by the fit (not counting steps restored from a checkpoint). */
    public synchronized long steps() {
        return steps;
    }

    /** Mean driver wall time per step, in milliseconds (jobs, aggregation and the optimizer update). */
    public synchronized double millisPerStep() {
        return steps == 0 ? 0 : nanos / 1e6 / steps;
    }

    /** Mean bytes of weights (and optimizer state) broadcast per step, counted once per executor that used them. */
    public synchronized double broadcastBytesPerStep() {
        return steps == 0 ? 0 : (double) broadcastBytes / steps;
    }

    /** Mean bytes of task results (gradients, or weights and state) sent to the driver per step. */
    public synchronized double resultBytesPerStep() {
        return steps == 0 ? 0 : (double) resultBytes / steps;
    }

    /** Mean shuffle bytes written per step by the aggregation tree's intermediate levels. */
    public synchronized double shuffleBytesPerStep() {
        return steps == 0 ? 0 : (double) shuffleBytes / steps;
    }

    /** The most executors seen running tasks. */
    public synchronized int executors() {
        return executors;
    }

    @Override
    public synchronized String toString() {
        return String.format(Locale.ROOT, "%d steps, %.1f ms/step, per step: %.0f KiB broadcast, %.0f KiB results,"
                + " %.0f KiB shuffle, %d executors", steps, millisPerStep(), broadcastBytesPerStep() / 1024,
                resultBytesPerStep() / 1024, shuffleBytesPerStep() / 1024, executors);
    }
}
