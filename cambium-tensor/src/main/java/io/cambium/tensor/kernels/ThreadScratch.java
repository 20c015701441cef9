package io.cambium.tensor.kernels;

/**
 * Per-thread scratch arrays that a kernel reuses across calls instead of allocating them anew:
 * each owner (one static instance per kernel) gives every thread a {@link Lease} of
 * {@code slots} grow-only float arrays. A lease stays with its thread while it is held; when the
 * same thread asks again before closing it (a re-entrant call: a pool thread that, while it waits
 * for its tasks, runs another call of the same kernel), it gets a fresh lease, so that two calls
 * never share an array. Arrays never leave the kernel that leased them.
 */
public final class ThreadScratch {
    private final ThreadLocal<Lease> local;
    private final int slots;

    /** An owner of {@code slots} arrays per thread. */
    public ThreadScratch(int slots) {
        this.slots = slots;
        this.local = ThreadLocal.withInitial(() -> new Lease(slots));
    }

    /** This thread's lease, or a fresh one when this thread holds it already; close it after use. */
    public Lease acquire() {
        Lease lease = local.get();
        if (lease.busy) {
            lease = new Lease(slots);
        }
        lease.busy = true;
        return lease;
    }

    /** The arrays of one thread, held until {@link #close}. */
    public static final class Lease implements AutoCloseable {
        private final float[][] arrays;
        private boolean busy;

        private Lease(int slots) {
            arrays = new float[slots][0];
        }

        /** Array {@code slot}, at least {@code size} floats; its contents are left from earlier use. */
        public float[] floats(int slot, int size) {
            if (arrays[slot].length < size) {
                arrays[slot] = new float[size];
            }
            return arrays[slot];
        }

        /** Gives the lease back to its thread. */
        @Override
        public void close() {
            busy = false;
        }
    }
}
