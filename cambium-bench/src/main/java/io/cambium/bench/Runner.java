package io.cambium.bench;

import io.cambium.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;

/** Runs a case by the bench protocol: set-up, warm-up, timed repetitions, median. */
public final class Runner {
    /** Timed repetitions per case. */
    public static final int REPS = 5;

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

    /** Measures one case at its thread count; the thread count is restored afterwards. */
    public Measurement measure(BenchCase c) {
        int before = Parallel.threads();
        Parallel.setThreads(c.threads());
        try {
            if (c instanceof SelfTimedCase own) {
                return own.measure(reps);
            }
            c.setUp();
            c.warmUp();
            List<Double> figures = new ArrayList<>(reps);
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                double work = c.repetition();
                double seconds = (System.nanoTime() - t0) / 1e9;
                figures.add(work / seconds);
            }
            return new Measurement(c.name(), c.unit(), c.threads(), Measurement.median(figures), figures);
        } finally {
            c.tearDown();
            Parallel.setThreads(before);
        }
    }
}
