package io.cambium.tensor.autograd;

/**
 * Turns gradient recording off for the current thread within a scope:
 * <pre>{@code try (var g = NoGrad.scope()) { ... } }</pre>
 * Scopes nest; closing one restores the mode that was in force when it was opened.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private final boolean previous;
    private boolean closed;

    private NoGrad(boolean enable) {
        boolean[] flag = ENABLED.get();
        previous = flag[0];
        flag[0] = enable;
    }

    /** Opens a scope in which operations are not recorded. */
    public static NoGrad scope() {
        return new NoGrad(false);
    }

    /** Opens a scope in which operations are recorded again (inside an outer no-grad scope). */
    public static NoGrad enableScope() {
        return new NoGrad(true);
    }

    /** Whether operations on this thread are currently recorded. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    @Override
    public void close() {
        if (!closed) {
            ENABLED.get()[0] = previous;
            closed = true;
        }
    }
}
