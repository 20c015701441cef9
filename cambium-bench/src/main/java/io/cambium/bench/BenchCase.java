package io.cambium.bench;

/**
 * One measured configuration of a workload. The runner calls {@link #setUp()}, then
 * {@link #warmUp()}, then times {@link #repetition()} several times and reports the median of
 * work done per second; {@link #tearDown()} releases the data.
 */
public interface BenchCase {
    /** The case name, e.g. {@code n=1024 t=2}. */
    String name();

    /** The unit of the figure, e.g. {@code GFLOP/s}. */
    String unit();

    /** The number of threads Cambium uses for this case. */
    int threads();

    /** Creates the (untimed) data. */
    void setUp();

    /** Runs until the JIT and caches are warm; may size the repetitions. */
    void warmUp();

    /** Runs one timed repetition and returns the work it did, in the unit's numerator. */
    double repetition();

    /** Releases the data. */
    default void tearDown() {
    }
}
