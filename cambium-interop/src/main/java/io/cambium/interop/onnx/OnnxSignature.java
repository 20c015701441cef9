package io.cambium.interop.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The graph inputs and output names of a subclassed model, which has no symbolic inputs for the
 * exporter to read: registered with its exporter through {@link LayerExporters#registerSignature}.
 * A Sequential or functional model needs none (its inputs are known).
 *
 * <pre>{@code
 * new OnnxSignature(List.of(OnnxSignature.Input.ids("input_ids", "batch", "sequence")), List.of("logits"));
 * }</pre>
 *
 * @param inputs the graph inputs, in the order the model's {@code callAll} takes them
 * @param outputs the names of the graph outputs, in the order the model returns them
 */
public record OnnxSignature(List<Input> inputs, List<String> outputs) {
    /** Copies the lists; both must be non-empty. */
    public OnnxSignature {
        if (inputs == null || inputs.isEmpty() || outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException("OnnxSignature: a graph needs at least one input and one output, got "
                    + inputs + " -> " + outputs);
        }
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * One graph input.
     *
     * @param name the input's name in the graph
     * @param shape Cambium's shape, batch first; -1 for a size given only at run time
     * @param ids whether it holds int64 ids (else float32 values)
     * @param dimNames the symbolic name of each axis whose size is -1 (null entries: a generated
     *     name); axis 0 is always {@code batch}
     */
    public record Input(String name, int[] shape, boolean ids, List<String> dimNames) {
        /** Checks that there is one name per axis. */
        public Input {
            if (dimNames != null && dimNames.size() != shape.length) {
                throw new IllegalArgumentException("OnnxSignature input '" + name + "': " + dimNames.size()
                        + " axis names for " + shape.length + " axes");
            }
            shape = shape.clone();
            dimNames = dimNames == null ? null : Collections.unmodifiableList(new ArrayList<>(dimNames));
        }

        /** An int64 input of ids whose every axis has a run-time size with the given symbolic name. */
        public static Input ids(String name, String... dimNames) {
            int[] shape = new int[dimNames.length];
            Arrays.fill(shape, -1);
            return new Input(name, shape, true, List.of(dimNames));
        }

        /** Cambium's shape (a copy). */
        @Override
        public int[] shape() {
            return shape.clone();
        }
    }
}
