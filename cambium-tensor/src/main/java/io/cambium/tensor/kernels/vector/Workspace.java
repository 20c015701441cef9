package io.cambium.tensor.kernels.vector;

/**
 * Per-thread packing buffers, reused across calls so that small multiplies do not allocate.
 * The B buffer is held by the thread that drives a multiply while tasks on the same thread use
 * the A buffer; a buffer that is already in use (a re-entrant call) is replaced by a fresh one.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private float[] a = new float[0];
    private float[] b = new float[0];
    private final float[] tmp = new float[VectorGemm.MR * VectorGemm.NR];
    private boolean aBusy;
    private boolean bBusy;

    static Workspace acquireA() {
        Workspace w = LOCAL.get();
        if (w.aBusy) {
            w = new Workspace();
        }
        w.aBusy = true;
        return w;
    }

    static Workspace acquireB() {
        Workspace w = LOCAL.get();
        if (w.bBusy) {
            w = new Workspace();
        }
        w.bBusy = true;
        return w;
    }

    void releaseA() {
        aBusy = false;
    }

    void releaseB() {
        bBusy = false;
    }

    float[] a(int size) {
        if (a.length < size) {
            a = new float[size];
        }
        return a;
    }

    float[] b(int size) {
        if (b.length < size) {
            b = new float[size];
        }
        return b;
    }

    /** Scratch for one register block's accumulators (edge tiles). */
    float[] tmp() {
        return tmp;
    }
}
