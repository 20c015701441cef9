package io.cambium.nn;

/** Creates the inputs of functional models: {@code var in = Input.shape(28, 28, 1);} */
public final class Input {
    private Input() {
    }

    /** A symbolic input with the given shape without the batch axis ({@code -1} for a free size). */
    public static SymbolicTensor shape(int... shapeWithoutBatch) {
        return new InputLayer(shapeWithoutBatch, null).output();
    }

    /** A named symbolic input. */
    public static SymbolicTensor shape(String name, int... shapeWithoutBatch) {
        return new InputLayer(shapeWithoutBatch, name).output();
    }
}
