package io.cambium.tensor.autograd;

import io.cambium.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The gradients waiting for their tensors during one backward pass, with what the pass may
 * overwrite or hand on without copying. A gradient is <em>exclusive</em> when an operation created
 * it during this pass with {@link Tensor#wrapOwned(float[], int...)}, it has entered the table
 * only once, and no other pending gradient shares its array (reshaped views do): only then is it
 * summed into in place or adopted as a leaf's gradient.
 */
final class PendingGradients {
    private final long pass;
    private final Map<Tensor, Tensor> byTensor = new IdentityHashMap<>();
    /** How many pending gradients use each array. */
    private final Map<float[], Integer> arrayUses = new IdentityHashMap<>();
    /**
     * Every gradient that has entered the table; one entering twice is shared. Weak (Tensor keeps
     * Object's identity equals/hashCode, so this is an identity set): a gradient can only enter
     * again while something still references it, and a strong set would keep every activation
     * gradient of the pass alive until its end.
     */
    private final Set<Tensor> seen = Collections.newSetFromMap(new WeakHashMap<>());
    private final Set<Tensor> exclusive = Collections.newSetFromMap(new IdentityHashMap<>());

    PendingGradients(long pass) {
        this.pass = pass;
    }

    /** Adds {@code g} to the pending gradient of {@code t}. */
    void accumulate(Tensor t, Tensor g) {
        Tensor prev = byTensor.get(t);
        if (prev == null) {
            enter(g);
            byTensor.put(t, g);
        } else if (owns(prev, 1)) {
            // prev is referenced by nothing but this table, so it can take the sum itself.
            prev.addInPlace(g);
        } else {
            Tensor sum = prev.add(g);
            leave(prev);
            // prev leaves the table for good; a later entry finds it in seen, never exclusive.
            exclusive.remove(prev);
            enter(sum);
            byTensor.put(t, sum);
        }
    }

    /** Removes and returns the pending gradient of {@code t}, or null. */
    Tensor take(Tensor t) {
        Tensor g = byTensor.remove(t);
        if (g != null) {
            leave(g);
        }
        return g;
    }

    /**
     * Whether {@code g}, just {@linkplain #take taken}, is referenced by nothing outside this pass's
     * bookkeeping, so a leaf may keep it as its gradient. Answers once: afterwards {@code g} counts
     * as handed out.
     */
    boolean handOver(Tensor g) {
        boolean mine = owns(g, 0);
        exclusive.remove(g);
        return mine;
    }

    private boolean owns(Tensor g, int uses) {
        return exclusive.contains(g) && arrayUses.getOrDefault(g.data(), 0) == uses;
    }

    private void enter(Tensor g) {
        if (seen.add(g) && g.ownerPass() == pass) {
            exclusive.add(g);
        } else {
            exclusive.remove(g);
        }
        arrayUses.merge(g.data(), 1, Integer::sum);
    }

    private void leave(Tensor g) {
        arrayUses.computeIfPresent(g.data(), (a, n) -> n == 1 ? null : n - 1);
    }
}
