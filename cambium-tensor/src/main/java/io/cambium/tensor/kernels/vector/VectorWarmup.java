package io.cambium.tensor.kernels.vector;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;

/**
 * Applies every lane-wise operator of {@link VectorOperators} once to float, int, short and byte
 * vectors, before any kernel runs ({@code Kernels.loadVector} loads this class first), so that
 * the Vector API's per-type operator caches ({@code VectorOperators.ImplCache}) are complete from
 * the start.
 *
 * <p>Why: on JDK 17, C2 compiles {@code ImplCache.find} on its own early (interpreted and C1
 * code calls it for every vector operation); a cache miss afterwards (an operator first used by
 * a later kernel) calls a supplier of another class than the profiled one and deoptimizes it, up
 * to four times. Each compilation then adds those traps once per inlined {@code find}, one per
 * lane-wise operation: an exponential (about 35 operations) passes C2's limit of 100
 * class-check traps per compilation, after which C2 stops inlining the Vector API's virtual
 * calls on a guessed receiver class, and every vector of the kernel is boxed. The tanh of the
 * GELU then ran 6 ms instead of 0.6 per 262,144 values, the softmax rows of attention 5-7 ms
 * instead of 1.5 (JDK 25 has no such slowdown). The warm-up removes the traps of cache misses,
 * not all: C2's own compilation of {@code Float256Vector.lanewise} for interpreted and C1 callers
 * can still record four at the operator cache's cast, and the launcher raises the limit on JDK 17
 * for those. See docs/decisions/vector-jit.md.
 */
final class VectorWarmup {
    static {
        run();
    }

    private VectorWarmup() {
    }

    /** Runs the warm-up once (class initialization); later calls do nothing. */
    static void ensure() {
        // The work is in the static initializer.
    }

    private static void run() {
        List<VectorOperators.Operator> ops = operators();
        List<Vector<?>> vectors = List.of(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, 1f),
                IntVector.broadcast(IntVector.SPECIES_PREFERRED, 1),
                ShortVector.broadcast(ShortVector.SPECIES_PREFERRED, (short) 1),
                ByteVector.broadcast(ByteVector.SPECIES_PREFERRED, (byte) 1));
        for (Vector<?> v : vectors) {
            for (VectorOperators.Operator op : ops) {
                apply(v, op);
            }
        }
    }

    /** The public operator constants of {@link VectorOperators}. */
    static List<VectorOperators.Operator> operators() {
        List<VectorOperators.Operator> out = new ArrayList<>();
        for (Field f : VectorOperators.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && VectorOperators.Operator.class.isAssignableFrom(f.getType())) {
                try {
                    out.add((VectorOperators.Operator) f.get(null));
                } catch (IllegalAccessException e) {
                    // A constant that cannot be read is one fewer operator warmed up, nothing more.
                }
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void apply(Vector v, VectorOperators.Operator op) {
        // Each form reaches a different cache: unary, binary, binary with an int shift count,
        // ternary, reductions with and without a mask. Operators a type does not support throw.
        if (op instanceof VectorOperators.Unary u) {
            attempt(() -> v.lanewise(u));
        }
        if (op instanceof VectorOperators.Binary b) {
            attempt(() -> v.lanewise(b, v));
            attempt(() -> v.lanewise(b, 1L));
            if (v instanceof IntVector iv) {
                attempt(() -> iv.lanewise(b, 1));
            } else if (v instanceof ShortVector sv) {
                attempt(() -> sv.lanewise(b, (short) 1));
            } else if (v instanceof ByteVector bv) {
                attempt(() -> bv.lanewise(b, (byte) 1));
            }
        }
        if (op instanceof VectorOperators.Ternary t) {
            attempt(() -> v.lanewise(t, v, v));
        }
        if (op instanceof VectorOperators.Associative a) {
            attempt(() -> v.reduceLanesToLong(a));
            attempt(() -> v.reduceLanesToLong(a, v.maskAll(true)));
        }
    }

    private static void attempt(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // Not supported for this element type (or a division by zero): nothing to cache.
        }
    }
}
