package io.cambium.tensor.autograd;

import io.cambium.tensor.Tensor;

/**
 * One recorded operation on the autograd tape: the inputs it read and its backward rule. The
 * references are dropped when the graph is released after a backward pass.
 */
public final class Node {
    private final String op;
    private Tensor[] inputs;
    private BackwardFn fn;
    /** Where the operation ran (AnomalyMode's origin label), recorded only while the mode is on. */
    private String origin;

    Node(String op, Tensor[] inputs, BackwardFn fn) {
        this.op = op;
        this.inputs = inputs;
        this.fn = fn;
    }

    /** The name of the operation that produced the tensor. */
    public String op() {
        return op;
    }

    /** The inputs, or {@code null} once the graph was released. */
    public Tensor[] inputs() {
        return inputs;
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

    boolean released() {
        return fn == null;
    }

    void release() {
        inputs = null;
        fn = null;
    }
}
