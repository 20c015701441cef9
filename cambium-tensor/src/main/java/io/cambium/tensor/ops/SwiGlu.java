package io.cambium.tensor.ops;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.BinaryKernels;

/**
 * The gated unit of SwiGLU feed-forward blocks (Shazeer 2020; LLaMA's MLP):
 * {@code silu(gate) · up = gate · sigmoid(gate) · up}, element-wise, as one differentiable op
 * (one forward pass, one backward pass, no intermediate tensors).
 */
public final class SwiGlu {
    private SwiGlu() {
    }

    /**
     * {@code silu(gate) · up} for two tensors of the same shape.
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    public static Tensor apply(Tensor gate, Tensor up) {
        if (!Shape.same(gate.shape(), up.shape())) {
            throw new IllegalArgumentException("swiglu: gate " + Shape.str(gate.shape()) + " and up "
                    + Shape.str(up.shape()) + " must have the same shape");
        }
        float[] a = gate.data();
        float[] b = up.data();
        float[] out = new float[a.length];
        Parallel.range(a.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
                float sig = sigmoid(a[i]);
                out[i] = a[i] * sig * b[i];
            }
        });
        Tensor y = Tensor.wrapOwned(out, gate.shape());
        if (!Autograd.needsGrad(gate, up)) {
            return y;
        }
        return Autograd.record(y, "swiglu", g -> {
            float[] gd = g.data();
            float[] ga = gate.requiresGrad() ? new float[a.length] : null;
            float[] gb = up.requiresGrad() ? new float[a.length] : null;
            Parallel.range(a.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> {
                for (int i = s; i < e; i++) {
                    float sig = sigmoid(a[i]);
                    float silu = a[i] * sig;
                    if (ga != null) {
                        // d silu / d a = sig · (1 + a · (1 − sig)).
                        ga[i] = gd[i] * b[i] * (sig * (1f + a[i] * (1f - sig)));
                    }
                    if (gb != null) {
                        gb[i] = gd[i] * silu;
                    }
                }
            });
            return new Tensor[] {ga == null ? null : Tensor.wrapOwned(ga, gate.shape()),
                gb == null ? null : Tensor.wrapOwned(gb, up.shape())};
        }, gate, up);
    }

    private static float sigmoid(float x) {
        // exp of a non-positive argument only, so that it never overflows.
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }
}
