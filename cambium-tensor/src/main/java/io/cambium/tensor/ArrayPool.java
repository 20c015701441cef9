package io.cambium.tensor;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Large float arrays that the engine hands back after their last use, to be reused by the next
 * operation that needs an array of the same length instead of a new one: the gradients a backward
 * pass has consumed, the buffers an operation saved for its backward rule once the graph is
 * released, and the activations a {@code Sequential} model's next layer has read in inference. A
 * training step then reuses the previous step's arrays, as PyTorch's caching allocator reuses
 * freed blocks.
 *
 * <p>Why: on the JVM an array of half a heap region or more (1 MiB with the launcher's heap) is a
 * "humongous" object that the G1 collector places in old-generation regions of its own, and the
 * heap the collector commits (the process's resident memory) follows what was allocated since its
 * last collection, live or not: a step that allocates its activations and gradients anew leaves a
 * step's worth of dead arrays between collections. Worse, while G1 waits for the young collection
 * that follows a marking cycle, a humongous allocation never starts one: the heap grows for every
 * new array (batched inference with large activations grew W7's heap past 2 GiB).
 *
 * <p>The pool holds its arrays weakly: it reuses a dead array before the collector takes it back,
 * and never keeps one alive (after training, its arrays go at the next collection like any
 * garbage). Only arrays of at least {@link #MIN_LENGTH} floats are kept (smaller ones are cheap
 * to allocate), at most {@link #PER_LENGTH} per length; none with
 * {@code -Dcambium.arrayPool=false}. Arrays from {@link #take} have arbitrary contents: callers
 * must write every element. An array given back must be referenced by nothing that will read or
 * write it again. Thread-safe.
 */
public final class ArrayPool {
    /** Arrays shorter than this (256 KiB) are neither kept nor taken from the pool. */
    public static final int MIN_LENGTH = 1 << 16;
    /** Arrays kept per length. */
    public static final int PER_LENGTH = 16;

    /** {@code -Dcambium.arrayPool=false} turns reuse off (every take allocates), for comparisons. */
    private static final boolean ENABLED = !"false".equals(System.getProperty("cambium.arrayPool"));
    /**
     * {@code -Dcambium.arrayPool.poison=true} fills every reused array with NaN before handing it
     * out, so that a test run shows any caller that reads an element it did not write.
     */
    private static final boolean POISON = Boolean.getBoolean("cambium.arrayPool.poison");
    /** The arrays given back, by length, newest last; weakly held, so a collection takes them. */
    private static final Map<Integer, ArrayDeque<WeakReference<float[]>>> FREE = new HashMap<>();
    private static long reused;

    private ArrayPool() {
    }

    /** An array of {@code length} floats with arbitrary contents: a pooled one when there is one, else a new one. */
    public static float[] take(int length) {
        if (length >= MIN_LENGTH) {
            synchronized (ArrayPool.class) {
                ArrayDeque<WeakReference<float[]>> free = FREE.get(length);
                while (free != null && !free.isEmpty()) {
                    float[] a = free.pollLast().get();
                    if (a != null) {
                        reused++;
                        if (POISON) {
                            Arrays.fill(a, Float.NaN);
                        }
                        return a;
                    }
                }
            }
        }
        return new float[length];
    }

    /**
     * Gives {@code array} back for reuse, when it is long enough and there is room; the caller
     * must not touch it afterwards. Null is ignored.
     */
    public static void give(float[] array) {
        if (!ENABLED || array == null || array.length < MIN_LENGTH) {
            return;
        }
        synchronized (ArrayPool.class) {
            ArrayDeque<WeakReference<float[]>> free = FREE.computeIfAbsent(array.length, n -> new ArrayDeque<>());
            free.removeIf(r -> r.get() == null);
            if (free.size() >= PER_LENGTH) {
                return;
            }
            for (WeakReference<float[]> r : free) {
                if (r.get() == array) {
                    return;
                }
            }
            free.addLast(new WeakReference<>(array));
        }
    }

    /** Drops every pooled array. */
    public static synchronized void clear() {
        FREE.clear();
    }

    /** The number of floats in the pooled arrays not yet collected. */
    public static synchronized long heldFloats() {
        long n = 0;
        for (ArrayDeque<WeakReference<float[]>> free : FREE.values()) {
            for (WeakReference<float[]> r : free) {
                float[] a = r.get();
                n += a == null ? 0 : a.length;
            }
        }
        return n;
    }

    /** How many {@link #take} calls were served from the pool since start. */
    public static synchronized long reuseCount() {
        return reused;
    }
}
