package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/** Adding, removing and merging axes; all are reshapes, which share storage. */
public final class Reshaping {
    private Reshaping() {
    }

    /** Inserts an axis of size 1 at position {@code axis} of the result (negative counts from the end). */
    public static Tensor unsqueeze(Tensor x, int axis) {
        int[] in = x.shape();
        int ax = Shape.axis("unsqueeze", axis, in.length + 1);
        int[] os = new int[in.length + 1];
        for (int i = 0, j = 0; i < os.length; i++) {
            os[i] = i == ax ? 1 : in[j++];
        }
        return x.reshape(os);
    }

    /** Removes the given axes, which must have size 1; with no axes, removes every axis of size 1. */
    public static Tensor squeeze(Tensor x, int... axes) {
        int[] in = x.shape();
        boolean[] drop = new boolean[in.length];
        if (axes.length == 0) {
            for (int i = 0; i < in.length; i++) {
                drop[i] = in[i] == 1;
            }
        } else {
            for (int a : axes) {
                int ax = Shape.axis("squeeze", a, in.length);
                if (in[ax] != 1) {
                    throw new IllegalArgumentException("squeeze: axis " + a + " of shape " + Shape.str(in)
                            + " has size " + in[ax] + ", expected 1");
                }
                drop[ax] = true;
            }
        }
        int n = 0;
        for (boolean d : drop) {
            n += d ? 0 : 1;
        }
        int[] os = new int[n];
        for (int i = 0, j = 0; i < in.length; i++) {
            if (!drop[i]) {
                os[j++] = in[i];
            }
        }
        return x.reshape(os);
    }

    /** Merges the axes startAxis..endAxis (inclusive, negative counts from the end) into one. */
    public static Tensor flatten(Tensor x, int startAxis, int endAxis) {
        int[] in = x.shape();
        if (in.length == 0) {
            return x.reshape(1);
        }
        int s = Shape.axis("flatten", startAxis, in.length);
        int e = Shape.axis("flatten", endAxis, in.length);
        if (s > e) {
            throw new IllegalArgumentException("flatten: start axis " + startAxis + " comes after end axis "
                    + endAxis + " for shape " + Shape.str(in));
        }
        int[] os = new int[in.length - (e - s)];
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= in[i];
        }
        for (int i = 0, j = 0; i < in.length; i++) {
            if (i < s || i > e) {
                os[j++] = in[i];
            } else if (i == s) {
                os[j++] = merged;
            }
        }
        return x.reshape(os);
    }
}
