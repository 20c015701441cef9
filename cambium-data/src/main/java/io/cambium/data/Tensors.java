package io.cambium.data;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

import java.util.Arrays;

/** Row slicing and stacking along axis 0, the two tensor operations the pipelines need. */
public final class Tensors {
    private Tensors() {
    }

    /** A copy of row {@code i} of {@code t} along axis 0 (shape without the first axis). */
    public static Tensor slice0(Tensor t, int i) {
        int[] s = t.shape();
        if (s.length == 0) {
            throw new IllegalArgumentException("slice0: cannot slice a scalar");
        }
        if (i < 0 || i >= s[0]) {
            throw new IndexOutOfBoundsException("slice0: row " + i + " outside tensor " + Shape.str(s));
        }
        int row = t.numel() / s[0];
        return new Tensor(Arrays.copyOfRange(t.data(), i * row, (i + 1) * row), Example.tail(s));
    }

    /** A copy of rows {@code from..to-1} along axis 0. */
    public static Tensor rows(Tensor t, int from, int to) {
        int[] s = t.shape();
        if (from < 0 || to > s[0] || from > to) {
            throw new IndexOutOfBoundsException("rows: [" + from + ", " + to + ") outside tensor " + Shape.str(s));
        }
        int row = s[0] == 0 ? 0 : t.numel() / s[0];
        s[0] = to - from;
        return new Tensor(Arrays.copyOfRange(t.data(), from * row, to * row), s);
    }

    /** The rows of {@code t} at {@code indices} (along axis 0), in that order. */
    public static Tensor gather0(Tensor t, int[] indices) {
        int[] s = t.shape();
        int row = s[0] == 0 ? 0 : t.numel() / s[0];
        float[] out = new float[indices.length * row];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= s[0]) {
                throw new IndexOutOfBoundsException("gather0: row " + i + " outside tensor " + Shape.str(s));
            }
            System.arraycopy(t.data(), i * row, out, k * row, row);
        }
        s[0] = indices.length;
        return new Tensor(out, s);
    }

    /** Stacks equally shaped tensors along a new axis 0. */
    public static Tensor stack(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no tensors");
        }
        int[] s0 = parts[0].shape();
        int n = parts[0].numel();
        float[] out = new float[n * parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!Shape.same(s0, parts[i].shape())) {
                throw new IllegalArgumentException("stack: element " + i + " has shape "
                        + Shape.str(parts[i].shape()) + ", element 0 has " + Shape.str(s0)
                        + " (resize or pad elements to one shape before batching)");
            }
            System.arraycopy(parts[i].data(), 0, out, i * n, n);
        }
        int[] s = new int[s0.length + 1];
        s[0] = parts.length;
        System.arraycopy(s0, 0, s, 1, s0.length);
        return new Tensor(out, s);
    }
}
