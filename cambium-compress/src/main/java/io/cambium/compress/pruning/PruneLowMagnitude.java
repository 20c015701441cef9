package io.cambium.compress.pruning;

import io.cambium.compress.LayerWrapper;
import io.cambium.nn.Layer;
import io.cambium.tensor.Tensor;
import java.util.Arrays;

/**
 * A Dense or Conv2D layer whose kernel is multiplied by a 0/1 mask (TF-MOT's
 * {@code prune_low_magnitude} wrapper): pruned weights contribute nothing and receive no gradient.
 * The mask is set by {@link Pruning} (usually through {@link UpdatePruningStep} during training);
 * it starts all ones.
 */
public final class PruneLowMagnitude extends LayerWrapper<PruneLowMagnitude> {
    private float[] mask;

    /** Wraps {@code layer} (Dense or Conv2D). */
    public PruneLowMagnitude(Layer layer) {
        super(layer);
    }

    /** The mask (1 = kept), the live array, sized like the kernel. */
    public float[] mask() {
        if (mask == null) {
            mask = new float[kernel().value().numel()];
            Arrays.fill(mask, 1f);
        }
        return mask;
    }

    /** Zeroes the pruned weights in place, so that the kernel itself holds the sparsity. */
    public void applyMask() {
        float[] m = mask();
        float[] w = kernel().value().data();
        for (int i = 0; i < w.length; i++) {
            w[i] *= m[i];
        }
    }

    /** The fraction of zeros in the mask. */
    public double sparsity() {
        float[] m = mask();
        long zeros = 0;
        for (float v : m) {
            if (v == 0f) {
                zeros++;
            }
        }
        return (double) zeros / m.length;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        Tensor k = kernel().value();
        return math().forward(x, k.mul(new Tensor(mask(), k.shape())), biasValue());
    }
}
