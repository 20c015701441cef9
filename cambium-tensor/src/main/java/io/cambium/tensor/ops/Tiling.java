package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/** Tiling a tensor by whole copies ({@code numpy.tile}), with its gradient. */
public final class Tiling {
    private Tiling() {
    }

    /**
     * Repeats {@code x} reps[i] times along axis i, like {@code numpy.tile}: when reps is
     * shorter than the rank it is padded with leading 1s, and when it is longer, x is promoted
     * by leading axes of size 1.
     */
    public static Tensor tile(Tensor x, int... reps) {
        int[] orig = x.shape();
        for (int r : reps) {
            if (r < 0) {
                throw new IllegalArgumentException("tile: negative repetition in " + Shape.str(reps)
                        + " for shape " + Shape.str(orig));
            }
        }
        int rank = Math.max(orig.length, reps.length);
        int[] s = new int[rank];
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) {
            int si = i - (rank - orig.length);
            int ri = i - (rank - reps.length);
            s[i] = si < 0 ? 1 : orig[si];
            r[i] = ri < 0 ? 1 : reps[ri];
        }
        // Along each axis, output position j reads input position j mod size.
        int[][] maps = new int[rank][];
        for (int i = 0; i < rank; i++) {
            if (r[i] == 1) {
                continue;
            }
            maps[i] = new int[r[i] * s[i]];
            for (int j = 0; j < maps[i].length; j++) {
                maps[i][j] = j % s[i];
            }
        }
        Tensor out = Slicing.gatherAxes(x.data(), s, maps, 0f);
        return Autograd.record(out, "tile", g -> new Tensor[] {
            Slicing.scatterAxes(g, s, maps).reshape(orig)}, x);
    }
}
