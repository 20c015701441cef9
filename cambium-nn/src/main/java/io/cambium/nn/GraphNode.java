package io.cambium.nn;

import java.util.List;

/**
 * One application of a layer in a functional graph: the layer, its inputs and its outputs. Read
 * by tools that walk a model's graph (exporters, visualizers); created only by the model API.
 */
public final class GraphNode {
    private final Layer layer;
    private final List<SymbolicTensor> inputs;
    private final int index;
    private List<SymbolicTensor> outputs;

    GraphNode(Layer layer, List<SymbolicTensor> inputs, int index) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.index = index;
    }

    /** The layer applied at this node. */
    public Layer layer() {
        return layer;
    }

    /** The tensors the layer was applied to (empty for an input). */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    /** The position of this node among the applications of its layer. */
    public int index() {
        return index;
    }

    /** The tensors this application produced. */
    public List<SymbolicTensor> outputs() {
        return outputs;
    }

    void setOutputs(List<SymbolicTensor> outs) {
        outputs = List.copyOf(outs);
    }
}
