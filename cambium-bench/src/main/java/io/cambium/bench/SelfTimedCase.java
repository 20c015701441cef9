package io.cambium.bench;

/**
 * A case whose figure does not come from warm-up plus timed repetitions (W7 times whole epochs
 * and reports a test accuracy). The runner calls {@link #measure(int)} instead of the protocol
 * methods, at the case's thread count.
 */
public interface SelfTimedCase extends BenchCase {
    /** Runs the case's own protocol and returns its figure; {@code protocolReps} is the bench's repetition count. */
    Measurement measure(int protocolReps);

    @Override
    default void setUp() {
    }

    @Override
    default void warmUp() {
    }

    @Override
    default double repetition() {
        throw new UnsupportedOperationException("bench: case '" + name() + "' runs its own protocol: call measure()");
    }
}
