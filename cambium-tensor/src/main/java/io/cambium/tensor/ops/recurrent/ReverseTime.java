package io.cambium.tensor.ops.recurrent;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/** Reverses axis 1 (time) of a {@code [B, T, ...]} tensor; its own gradient. */
public final class ReverseTime {
    private ReverseTime() {
    }

    /** x with the time axis reversed. */
    public static Tensor apply(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("reverse_time: expected (batch, timesteps, ...), got " + Shape.str(x.shape()));
        }
        int b = x.dim(0);
        int t = x.dim(1);
        int inner = t == 0 || b == 0 ? 0 : x.numel() / (b * t);
        float[] src = x.data();
        float[] dst = new float[src.length];
        for (int bi = 0; bi < b; bi++) {
            for (int ti = 0; ti < t; ti++) {
                System.arraycopy(src, (bi * t + ti) * inner, dst, (bi * t + t - 1 - ti) * inner, inner);
            }
        }
        return Autograd.record(new Tensor(dst, x.shape()), "reverse_time", g -> new Tensor[] {apply(g)}, x);
    }
}
