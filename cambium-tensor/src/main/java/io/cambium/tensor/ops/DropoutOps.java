package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.BinaryOp;
import io.cambium.tensor.random.Rng;

/**
 * Inverted dropout: each element (or each element of a smaller noise shape, broadcast over the
 * rest) is kept with probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, or set
 * to zero. The gradient is multiplied by the same mask.
 */
public final class DropoutOps {
    private DropoutOps() {
    }

    /** Dropout with an independent decision per element. */
    public static Tensor dropout(Tensor x, float rate, Rng rng) {
        return dropout(x, rate, rng, null);
    }

    /**
     * Dropout whose keep/drop decisions have {@code noiseShape} and are broadcast to the shape of
     * {@code x} (like Keras' {@code noise_shape}): for channels-last images, {@code [n, 1, 1, c]}
     * drops whole feature maps, as SpatialDropout2D does. A noise dimension may be -1, meaning the
     * dimension of x; null means the shape of x. The mask is drawn from {@code rng} in row-major
     * order, so a seeded generator gives the same mask every time.
     *
     * @throws IllegalArgumentException when rate is outside [0, 1) or the noise shape does not fit
     */
    public static Tensor dropout(Tensor x, float rate, Rng rng, int[] noiseShape) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
        }
        int[] xs = x.shape();
        int[] ns = noiseShape == null ? xs : noiseShape.clone();
        if (ns.length != xs.length) {
            throw new IllegalArgumentException("dropout: noise shape " + Shape.str(noiseShape)
                    + " must have the rank of input shape " + Shape.str(xs));
        }
        for (int i = 0; i < ns.length; i++) {
            if (ns[i] == -1) {
                ns[i] = xs[i];
            }
            if (ns[i] != 1 && ns[i] != xs[i]) {
                throw new IllegalArgumentException("dropout: noise shape " + Shape.str(noiseShape)
                        + " does not broadcast to input shape " + Shape.str(xs) + " (axis " + i
                        + " must be 1 or " + xs[i] + ")");
            }
        }
        if (rate == 0f) {
            return x;
        }
        float keep = 1f - rate;
        float scale = 1f / keep;
        float[] m = new float[Shape.numel(ns)];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextFloat() < keep ? scale : 0f;
        }
        Tensor mask = new Tensor(m, ns);
        Tensor out = Elementwise.evaluate("dropout", BinaryOp.MUL, x, mask);
        // The mask is a constant: the rule is differentiable as written.
        return Autograd.recordDifferentiable(out, "dropout", g -> new Tensor[] {g.mul(mask)}, x);
    }
}
