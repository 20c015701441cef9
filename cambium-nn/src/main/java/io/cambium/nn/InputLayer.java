package io.cambium.nn;

import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The entry point of a functional model: passes its input through and fixes its shape. */
public final class InputLayer extends FluentLayer<InputLayer> {
    private final int[] shape;
    private final SymbolicTensor output;

    /** An input of the given shape without the batch axis. */
    public InputLayer(int[] shapeWithoutBatch, String name) {
        super(name == null ? uniqueNameFromOne("input") : name);
        int[] full = new int[shapeWithoutBatch.length + 1];
        full[0] = -1;
        System.arraycopy(shapeWithoutBatch, 0, full, 1, shapeWithoutBatch.length);
        this.shape = full;
        GraphNode node = new GraphNode(this, List.of(), 0);
        this.output = new SymbolicTensor(full, node, 0);
        node.setOutputs(List.of(output));
        inboundNodes().add(node);
        markBuilt();
    }

    /** The symbolic tensor this input produces. */
    @Override
    public SymbolicTensor output() {
        return output;
    }

    /** The shape with the batch axis ({@code -1}). */
    public int[] shape() {
        return shape.clone();
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        boolean ok = s.length == shape.length;
        for (int i = 1; ok && i < s.length; i++) {
            ok = shape[i] < 0 || s[i] < 0 || shape[i] == s[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(describe() + ": expected input " + shapeStr(shape) + ", got "
                    + shapeStr(s));
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        List<Integer> s = new ArrayList<>();
        for (int i = 1; i < shape.length; i++) {
            s.add(shape[i]);
        }
        c.put("shape", s);
        return c;
    }
}
