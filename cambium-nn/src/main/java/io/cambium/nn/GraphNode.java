package io.cambium.nn;

import java.util.List;

/** One application of a layer in a functional graph: the layer, its inputs and its outputs. */
final class GraphNode {
    private final Layer layer;
    private final List<SymbolicTensor> inputs;
    private final int index;
    private List<SymbolicTensor> outputs;

    GraphNode(Layer layer, List<SymbolicTensor> inputs, int index) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.index = index;
    }

    Layer layer() {
        return layer;
    }

    List<SymbolicTensor> inputs() {
        return inputs;
    }

    /** The position of this node among the applications of its layer. */
    int index() {
        return index;
    }

    List<SymbolicTensor> outputs() {
        return outputs;
    }

    void setOutputs(List<SymbolicTensor> outs) {
        outputs = List.copyOf(outs);
    }
}
