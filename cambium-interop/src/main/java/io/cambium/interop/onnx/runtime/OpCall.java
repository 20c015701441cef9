package io.cambium.interop.onnx.runtime;

import io.cambium.interop.onnx.OnnxFormatException;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;

/**
 * One evaluation of a node: its attributes, its input values (a {@link Tensor} for floats, an
 * {@link IntArray} for integers and bools, {@code null} for an omitted optional input), whether
 * the model runs in training mode, and the state a node keeps between calls (batch
 * normalization's running statistics).
 */
public final class OpCall {
    /** The most elements a value computed at run time may have (shapes from the graph are checked against it). */
    public static final long MAX_ELEMENTS = TensorData.MAX_ELEMENTS;

    private final NodeAttrs attrs;
    private final List<Object> inputs;
    private final boolean training;
    private final NodeState state;
    private final int opset;
    private final io.cambium.tensor.random.Rng rng;

    OpCall(NodeAttrs attrs, List<Object> inputs, boolean training, NodeState state, int opset,
           io.cambium.tensor.random.Rng rng) {
        this.attrs = attrs;
        this.inputs = inputs;
        this.training = training;
        this.state = state;
        this.opset = opset;
        this.rng = rng;
    }

    /** The opset version of the default domain the model imports (operators changed between versions). */
    public int opset() {
        return opset;
    }

    /** The random generator for dropout in training mode. */
    public io.cambium.tensor.random.Rng rng() {
        return rng;
    }

    /** The number of outputs the node declares. */
    public int outputs() {
        return attrs.node().getOutputCount();
    }

    /** The node's attributes. */
    public NodeAttrs attrs() {
        return attrs;
    }

    /** Whether the model is being trained (dropout active, batch statistics). */
    public boolean training() {
        return training;
    }

    /** The state kept for this node between calls (running statistics), or {@code null}. */
    public NodeState state() {
        return state;
    }

    /** The number of inputs given (omitted trailing ones not counted). */
    public int count() {
        return inputs.size();
    }

    /** Whether input {@code i} is given. */
    public boolean present(int i) {
        return i < inputs.size() && inputs.get(i) != null;
    }

    /** Input {@code i} as it is. */
    public Object value(int i) {
        if (!present(i)) {
            throw attrs.error("input " + i + " is required");
        }
        return inputs.get(i);
    }

    /** Input {@code i} as a float tensor (integers are converted). */
    public Tensor tensor(int i) {
        Object v = value(i);
        return v instanceof Tensor t ? t : ((IntArray) v).toTensor();
    }

    /** Input {@code i} as integers (floats are truncated, as Cast does). */
    public IntArray ints(int i) {
        Object v = value(i);
        return v instanceof IntArray a ? a : IntArray.fromTensor((Tensor) v);
    }

    /** The values of an integer input (axes, shapes, pads). */
    public long[] longs(int i) {
        return ints(i).data();
    }

    /** Whether input {@code i} holds integers. */
    public boolean isInt(int i) {
        return present(i) && inputs.get(i) instanceof IntArray;
    }

    /** An error about this node. */
    public OnnxFormatException error(String problem) {
        return attrs.error(problem);
    }

    /** Normalizes an axis against a rank, naming the node when it is out of range. */
    public int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw error("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /** Checks that a shape computed from the graph can be allocated. */
    public int[] checkedShape(long[] dims, String what) {
        int[] s = new int[dims.length];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > MAX_ELEMENTS) {
                throw error(what + " has dimension " + dims[i]);
            }
            s[i] = (int) dims[i];
            n *= dims[i];
            if (n > MAX_ELEMENTS || n * 4 > Runtime.getRuntime().maxMemory() / 2) {
                throw error(what + " of shape " + java.util.Arrays.toString(dims) + " is too large to allocate");
            }
        }
        return s;
    }

    /** {@link #checkedShape} for int dims. */
    public int[] checkedShape(int[] dims, String what) {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        checkedShape(l, what);
        return dims;
    }

    /** A shape for messages. */
    public static String str(int[] shape) {
        return Shape.str(shape);
    }
}
