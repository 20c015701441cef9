package io.cambium.compress.lab;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Live heap bytes at chosen points of a step, measured after a forced full collection, so that
 * garbage and the collector's policy do not count: what a training step keeps alive (weights,
 * optimizer state, the autograd graph's activations). The peak of those samples approximates the
 * step's peak live memory; it is a lower bound, since a point between samples may be higher.
 */
public final class MemoryProbe {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private long peak;
    private boolean armed = true;

    /** Bytes of heap in use after a full collection. */
    public static long liveBytes() {
        long best = Long.MAX_VALUE;
        // two collections: the first may leave objects that finalizable/reference processing frees
        for (int i = 0; i < 2; i++) {
            System.gc();
            best = Math.min(best, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /** Turns sampling on or off (a probe placed inside a model samples only when armed). */
    public MemoryProbe armed(boolean on) {
        armed = on;
        return this;
    }

    /** Whether the probe samples. */
    public boolean armed() {
        return armed;
    }

    /** Takes a sample and returns it. */
    public long sample() {
        long b = liveBytes();
        peak = Math.max(peak, b);
        return b;
    }

    /** The largest sample so far. */
    public long peak() {
        return peak;
    }
}
