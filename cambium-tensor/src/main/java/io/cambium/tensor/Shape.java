package io.cambium.tensor;

import java.util.Arrays;

/**
 * Static helpers for tensor shapes, which Cambium represents as plain {@code int[]} arrays
 * (row-major, the last axis varies fastest).
 */
public final class Shape {
    private Shape() {
    }

    /**
     * {@code value} as a size, for shape arithmetic done in {@code long}: an
     * {@link IllegalArgumentException} saying {@code what} when it is negative or above 2^31-1
     * (int arithmetic would wrap around to a wrong, possibly positive, size).
     */
    public static int checkedSize(String what, long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": size " + value + (value < 0 ? " is negative" : " exceeds 2^31-1"));
        }
        return (int) value;
    }

    /**
     * The product of {@code dims[from..]} (all known sizes), checked like {@link #checkedSize}.
     */
    public static int checkedProduct(String what, int[] dims, int from) {
        long n = 1;
        for (int i = from; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException(what + ": negative size in " + str(dims));
            }
            n *= dims[i];
            if (n > Integer.MAX_VALUE) {
                StringBuilder b = new StringBuilder();
                for (int k = from; k < dims.length; k++) {
                    b.append(k == from ? "" : " x ").append(dims[k]);
                }
                throw new IllegalArgumentException(what + ": " + b + " exceeds 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Number of elements of a tensor of this shape (1 for a scalar shape {@code []}). */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape, in elements. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Formats a shape like NumPy does: {@code (32, 64)}. */
    public static String str(int... shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape[i]);
        }
        if (shape.length == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }

    /**
     * The NumPy broadcast of two shapes.
     *
     * @param op the operation's name, used in the error message
     * @throws IllegalArgumentException naming the op and both shapes when they do not broadcast
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together (axis " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Normalizes a possibly negative axis for a tensor of the given rank. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /** Whether two shapes are equal. */
    public static boolean same(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }
}
