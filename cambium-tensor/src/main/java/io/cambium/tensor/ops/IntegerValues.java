package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * Integers (class labels, token ids, indices) in float32 tensors. The engine computes in float32
 * only; a float32 holds every integer of magnitude up to 2^24 (16,777,216) exactly, which covers
 * class counts and vocabularies, so integer data enters and leaves as {@code int[]} at the API
 * boundary and is checked on the way: a larger magnitude in, or a fractional value out, is an
 * error rather than a silently rounded id.
 */
public final class IntegerValues {
    /** The largest magnitude a float32 represents exactly together with all smaller integers. */
    public static final int MAX_EXACT = 1 << 24;

    private IntegerValues() {
    }

    /** A tensor holding {@code values} in the given shape (a vector when no shape is given). */
    public static Tensor of(int[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[] {values.length} : shape;
        float[] d = new float[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = exact(values[i], i);
        }
        return new Tensor(d, s);
    }

    /** A matrix holding a rectangular array of integers (rows of token ids, for example). */
    public static Tensor of(int[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length
                        + " values, expected " + c);
            }
            for (int j = 0; j < c; j++) {
                d[i * c + j] = exact(rows[i][j], i * c + j);
            }
        }
        return new Tensor(d, r, c);
    }

    /** The values of {@code t} as integers, row-major; every value must be a whole number. */
    public static int[] toInts(Tensor t) {
        float[] d = t.data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            int k = (int) v;
            if (k != v || Math.abs(v) > MAX_EXACT) {
                throw new IllegalArgumentException("toIntArray: value " + v + " at flat position " + i + " of a tensor of shape "
                        + Shape.str(t.shape()) + " is not an integer of magnitude <= 2^24");
            }
            out[i] = k;
        }
        return out;
    }

    private static float exact(int v, int position) {
        if (v > MAX_EXACT || v < -MAX_EXACT) {
            throw new IllegalArgumentException("Tensor.of: integer " + v + " at position " + position
                    + " has a magnitude above 2^24, which float32 cannot hold exactly");
        }
        return v;
    }
}
