package io.cambium.tensor.kernels.vector;

/**
 * Per-thread packing buffers, reused across calls so that repeated multiplies do not allocate.
 * A workspace is held by the thread that drives a multiply (its tasks write into it); a
 * workspace that is already in use (a re-entrant call) is replaced by a fresh one.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private float[] a = new float[0];
    private float[] b = new float[0];
    private boolean busy;

    static Workspace acquire() {
        Workspace w = LOCAL.get();
        if (w.busy) {
            w = new Workspace();
        }
        w.busy = true;
        return w;
    }

    void release() {
        busy = false;
    }

    /** The packed-A buffer, at least {@code size} floats. */
    float[] a(int size) {
        if (a.length < size) {
            a = new float[size];
        }
        return a;
    }

    /** The packed-B buffer, at least {@code size} floats. */
    float[] b(int size) {
        if (b.length < size) {
            b = new float[size];
        }
        return b;
    }
}
