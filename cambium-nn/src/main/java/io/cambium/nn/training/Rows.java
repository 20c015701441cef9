package io.cambium.nn.training;

import io.cambium.tensor.Tensor;

/** Copies selected rows (samples on axis 0) of data tensors; no autograd. */
final class Rows {
    private Rows() {
    }

    /** The rows {@code idx[from..to)} of {@code t}, in that order. */
    static Tensor take(Tensor t, int[] idx, int from, int to) {
        int[] s = t.shape();
        int row = s[0] == 0 ? 0 : t.numel() / s[0];
        float[] src = t.data();
        float[] out = new float[(to - from) * row];
        boolean contiguous = true;
        for (int i = from + 1; i < to && contiguous; i++) {
            contiguous = idx[i] == idx[i - 1] + 1;
        }
        if (contiguous && to > from) {
            System.arraycopy(src, idx[from] * row, out, 0, out.length);
        } else {
            for (int i = from; i < to; i++) {
                System.arraycopy(src, idx[i] * row, out, (i - from) * row, row);
            }
        }
        s[0] = to - from;
        return new Tensor(out, s);
    }

    /** The identity order 0..n-1. */
    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
