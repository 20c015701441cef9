package io.cambium.interop.onnx.runtime;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * An int64 (or bool, as 0/1) value of an imported graph: shapes, indices, axes and masks. Float
 * values are Cambium {@link Tensor}s, which carry gradients; integer values never do.
 */
public record IntArray(long[] data, int[] shape) {
    /** Checks that the data fits the shape. */
    public IntArray {
        if (data.length != Shape.numel(shape)) {
            throw new IllegalArgumentException("int array of shape " + Shape.str(shape) + " needs " + Shape.numel(shape)
                    + " values, got " + data.length);
        }
    }

    /** A 1-D array. */
    public static IntArray of(long... values) {
        return new IntArray(values, new int[] {values.length});
    }

    /** A scalar. */
    public static IntArray scalar(long value) {
        return new IntArray(new long[] {value}, new int[0]);
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The values as floats (a Cast to float). */
    public Tensor toTensor() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = data[i];
        }
        return new Tensor(f, shape.clone());
    }

    /** A float tensor's values truncated toward zero (a Cast to int64). */
    public static IntArray fromTensor(Tensor t) {
        float[] f = t.data();
        long[] d = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = (long) f[i];
        }
        return new IntArray(d, t.shape());
    }
}
