package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/**
 * Padding with a constant or by reflection, per axis before and after, with the gradient.
 *
 * <p>Widths are given like NumPy's {@code pad_width}: {@code widths[i] = {before, after}} for
 * axis i, one pair per axis.
 */
public final class Padding {
    /** How padded values are chosen. */
    public enum Mode {
        /** A constant value. */
        CONSTANT,
        /**
         * The mirror image of the values next to the edge, excluding the edge itself (NumPy and
         * PyTorch 'reflect': [1, 2, 3] padded by 2 on both sides is [3, 2, 1, 2, 3, 2, 1]).
         */
        REFLECT
    }

    private Padding() {
    }

    /** Pads with {@code value} (CONSTANT) or by reflection (REFLECT, where value is unused). */
    public static Tensor pad(Tensor x, int[][] widths, Mode mode, float value) {
        int[] in = x.shape();
        String op = mode == Mode.REFLECT ? "pad(reflect)" : "pad";
        if (widths.length != in.length) {
            throw new IllegalArgumentException(op + ": " + widths.length + " (before, after) pairs given for shape "
                    + Shape.str(in) + "; give one pair per axis");
        }
        int[][] maps = new int[in.length][];
        for (int a = 0; a < in.length; a++) {
            if (widths[a] == null || widths[a].length != 2) {
                throw new IllegalArgumentException(op + ": widths for axis " + a + " must be a (before, after) pair");
            }
            int before = widths[a][0];
            int after = widths[a][1];
            if (before < 0 || after < 0) {
                throw new IllegalArgumentException(op + ": negative padding (" + before + ", " + after + ") on axis "
                        + a + " of shape " + Shape.str(in));
            }
            if (before == 0 && after == 0) {
                continue;
            }
            int n = in[a];
            if (mode == Mode.REFLECT && (before >= n || after >= n)) {
                throw new IllegalArgumentException(op + ": padding (" + before + ", " + after + ") on axis " + a
                        + " must be smaller than the axis size " + n + " of shape " + Shape.str(in));
            }
            int[] m = new int[before + n + after];
            for (int j = 0; j < m.length; j++) {
                int i = j - before;
                if (i >= 0 && i < n) {
                    m[j] = i;
                } else if (mode == Mode.CONSTANT) {
                    m[j] = -1;
                } else {
                    m[j] = i < 0 ? -i : 2 * (n - 1) - i;
                }
            }
            maps[a] = m;
        }
        Tensor out = Slicing.gatherAxes(x.data(), in, maps, value);
        return Autograd.record(out, mode == Mode.REFLECT ? "pad_reflect" : "pad",
                g -> new Tensor[] {Slicing.scatterAxes(g, in, maps)}, x);
    }
}
