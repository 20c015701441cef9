package io.cambium.nn.layers.normalization;

import io.cambium.nn.Layer;
import java.util.Arrays;

/**
 * Keras's {@code axis} option of the normalization layers: the axes given (negative from the end)
 * are resolved against the input's rank; the fused kernels normalize the last axis, so other axes
 * are moved to the end and back around them.
 */
final class NormAxes {
    private NormAxes() {
    }

    /** The axes as sorted, distinct positions in {@code [1, rank)}; the batch axis cannot be normalized over. */
    static int[] resolve(Layer layer, int[] axes, int rank) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 1 || a >= rank) {
                throw new IllegalArgumentException(layer.describe() + ": axis " + axes[i] + " is not a feature axis of an"
                        + " input of rank " + rank + " (batch axis included); expected one in [1, " + rank + ") or [-"
                        + (rank - 1) + ", -1]");
            }
            out[i] = a;
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException(layer.describe() + ": axis " + out[i] + " is given twice in "
                        + Arrays.toString(axes));
            }
        }
        return out;
    }

    /** The sizes of {@code shape} at the (resolved) axes. */
    static int[] sizes(int[] shape, int[] axes) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = shape[axes[i]];
        }
        return out;
    }

    /** Whether the (resolved, sorted) axes are the last ones, so a reshape brings them together. */
    static boolean trailing(int[] axes, int rank) {
        return axes[axes.length - 1] == rank - 1 && axes[axes.length - 1] - axes[0] == axes.length - 1;
    }

    /** The permutation that keeps the other axes in order and moves {@code axes} (sorted) to the end. */
    static int[] toEnd(int[] axes, int rank) {
        int[] perm = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (Arrays.binarySearch(axes, i) < 0) {
                perm[k++] = i;
            }
        }
        for (int a : axes) {
            perm[k++] = a;
        }
        return perm;
    }

    /** The inverse of a permutation. */
    static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }
}
