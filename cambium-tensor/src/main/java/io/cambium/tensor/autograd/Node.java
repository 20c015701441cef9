package io.cambium.tensor.autograd;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Tensor;

/**
 * One recorded operation on the autograd tape: the inputs it read and its backward rules. The
 * references are dropped when the graph is released after a backward pass.
 *
 * <p>An operation has a fast rule, run by every first-order backward pass, and may have a
 * differentiable rule written in recorded tensor operations, run when a backward pass creates a
 * graph of its gradients (higher-order differentiation; see {@link Autograd#grad}). Both may be
 * the same object when the fast rule is already written in tensor operations.
 */
public final class Node {
    private final String op;
    private Tensor[] inputs;
    private BackwardFn fn;
    private BackwardFn graphFn;
    /** Where the operation ran (AnomalyMode's origin label), recorded only while the mode is on. */
    private String origin;
    /** Arrays only the backward rule reads, given to {@link ArrayPool} when the node is released. */
    private float[][] saved;
    /** Whether the fast rule keeps the gradient it is given beyond the call (see {@link #keepsGradient()}). */
    private boolean keepsGradient;

    Node(String op, Tensor[] inputs, BackwardFn fn, BackwardFn graphFn) {
        this.op = op;
        this.inputs = inputs;
        this.fn = fn;
        this.graphFn = graphFn;
    }

    /** The name of the operation that produced the tensor. */
    public String op() {
        return op;
    }

    /** The inputs, or {@code null} once the graph was released. */
    public Tensor[] inputs() {
        return inputs;
    }

    /**
     * Whether the operation's gradient can itself be differentiated: its backward rule is written
     * in recorded tensor operations, so a backward pass with {@code createGraph} records it.
     */
    public boolean differentiableBackward() {
        return graphFn != null;
    }

    /** The layer (origin label) the operation ran in, when anomaly detection was on; else null. */
    public String origin() {
        return origin;
    }

    void origin(String label) {
        origin = label;
    }

    BackwardFn fn() {
        return fn;
    }

    BackwardFn graphFn() {
        return graphFn;
    }

    boolean released() {
        return fn == null;
    }

    void release() {
        if (fn != null && saved != null) {
            for (float[] a : saved) {
                ArrayPool.give(a);
            }
        }
        inputs = null;
        fn = null;
        graphFn = null;
        saved = null;
    }

    void saved(float[][] arrays) {
        saved = arrays;
    }

    /**
     * Whether the fast rule keeps the gradient it receives after it returns (the outputs of a
     * multi-output operation hold theirs until the joint rule runs), so the pass must not reuse
     * that gradient's array.
     */
    boolean keepsGradient() {
        return keepsGradient;
    }

    Node keepingGradient() {
        keepsGradient = true;
        return this;
    }
}
