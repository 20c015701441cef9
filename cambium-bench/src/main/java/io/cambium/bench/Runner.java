package io.cambium.bench;

import io.cambium.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a case by the bench protocol: set-up, warm-up, timed repetitions, median; with a
 * reference session, the two sides' repetitions alternate.
 */
public final class Runner {
    /** Timed repetitions per case. */
    public static final int REPS = 5;
    /**
     * The pause before one side's repetition follows the other side's: the threads of the side
     * that just ran (OpenBLAS's, OpenMP's, the pool's, the JIT's) stop spinning and go to sleep
     * first, so that neither side is timed against the other's leftovers.
     */
    static final long SETTLE_MILLIS = 200;

    private final int reps;

    public Runner() {
        this(REPS);
    }

    public Runner(int reps) {
        if (reps < 1) {
            throw new IllegalArgumentException("bench: repetitions must be at least 1, got " + reps);
        }
        this.reps = reps;
    }

    /** Both sides' figures for one case; {@code reference} is null when the reference did not measure it. */
    public record Pair(Measurement cambium, Measurement reference) {
    }

    /** Measures one case at its thread count; the thread count is restored afterwards. */
    public Measurement measure(BenchCase c) {
        return measure(c, null).cambium();
    }

    /**
     * Measures one case and, when {@code reference} (may be null) has a case of the same name,
     * the reference's too: both set up and warmed up, then their repetitions alternate in pairs,
     * Cambium first in even pairs and the reference first in odd ones, so that a machine whose
     * speed drifts during the case slows both sides alike. A case that times itself
     * ({@link SelfTimedCase}) runs alone.
     */
    public Pair measure(BenchCase c, ReferenceSession reference) {
        int before = Parallel.threads();
        Parallel.setThreads(c.threads());
        try {
            if (c instanceof SelfTimedCase own) {
                return new Pair(own.measure(reps), null);
            }
            c.setUp();
            c.warmUp();
            boolean paired = reference != null && reference.openCase(c.name(), c.unit(), c.threads());
            if (paired) {
                settle();
            }
            List<Double> figures = new ArrayList<>(reps);
            for (int r = 0; r < reps; r++) {
                boolean referenceFirst = r % 2 == 1;
                if (paired && referenceFirst) {
                    paired = reference.repetition();
                    settle();
                }
                long t0 = System.nanoTime();
                double work = c.repetition();
                double seconds = (System.nanoTime() - t0) / 1e9;
                figures.add(work / seconds);
                if (paired && !referenceFirst) {
                    settle();
                    paired = reference.repetition();
                }
            }
            Measurement theirs = reference != null ? reference.closeCase() : null;
            return new Pair(new Measurement(c.name(), c.unit(), c.threads(), Measurement.median(figures), figures), theirs);
        } finally {
            c.tearDown();
            Parallel.setThreads(before);
        }
    }

    private static void settle() {
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
