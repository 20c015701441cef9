package io.cambium.nn;

/**
 * A placeholder for a tensor in a functional model under construction (Keras's KerasTensor): it
 * knows its shape (batch axis first, -1 when unknown) and the layer application that produces it.
 * Create the first ones with {@link Input#shape(int...)}, the others with
 * {@link Layer#apply(SymbolicTensor...)}.
 */
public final class SymbolicTensor {
    private final int[] shape;
    private final GraphNode node;
    private final int index;

    SymbolicTensor(int[] shape, GraphNode node, int index) {
        this.shape = shape.clone();
        this.node = node;
        this.index = index;
    }

    /** The shape, batch axis first ({@code -1} for unknown sizes). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of axes, batch included. */
    public int rank() {
        return shape.length;
    }

    /** The layer that produces this tensor. */
    public Layer layer() {
        return node.layer();
    }

    /** The layer application that produces this tensor. */
    public GraphNode node() {
        return node;
    }

    /** Which output of its layer this is. */
    public int index() {
        return index;
    }

    /** Keras's reference {@code layer[node][tensor]} as printed in summaries. */
    public String reference() {
        return node.layer().name() + "[" + node.index() + "][" + index + "]";
    }

    @Override
    public String toString() {
        return "SymbolicTensor(shape=" + Layer.shapeStr(shape) + ", from " + node.layer().describe() + ")";
    }
}
