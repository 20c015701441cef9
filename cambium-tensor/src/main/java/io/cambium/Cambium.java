package io.cambium;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.random.Rng;

/**
 * Global settings of Cambium: the random seed and the thread count.
 *
 * <p>{@code Cambium.seed(42)} makes weight initialization, dropout, shuffling and augmentation
 * deterministic for a fixed thread count.
 */
public final class Cambium {
    private static final Rng GLOBAL = new Rng(System.nanoTime());

    private Cambium() {
    }

    /** Seeds the global random generator. */
    public static void seed(long seed) {
        synchronized (GLOBAL) {
            GLOBAL.reseed(seed);
        }
    }

    /**
     * The global random generator. Callers on several threads must synchronize on it or take a
     * {@link Rng#split()} of it.
     */
    public static Rng rng() {
        return GLOBAL;
    }

    /** Sets the number of threads of the shared pool. */
    public static void threads(int n) {
        Parallel.setThreads(n);
    }

    /** The number of threads of the shared pool. */
    public static int threads() {
        return Parallel.threads();
    }
}
