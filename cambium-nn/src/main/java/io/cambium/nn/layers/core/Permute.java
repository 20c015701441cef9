package io.cambium.nn.layers.core;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Permutes the non-batch axes. As in Keras the dimensions are numbered from 1 (the batch axis is
 * 0 and stays in place): {@code new Permute(2, 1)} swaps the two axes of a (batch, a, b) input.
 */
public class Permute extends FluentLayer<Permute> implements KeepsNoActivations {
    private final int[] dims;

    /** A permutation of 1..n. */
    public Permute(int... dims) {
        boolean[] seen = new boolean[dims.length + 1];
        for (int d : dims) {
            if (d < 1 || d > dims.length || seen[d]) {
                throw new IllegalArgumentException("Permute: dims must be a permutation of 1.." + dims.length
                        + ", got " + Shape.str(dims));
            }
            seen[d] = true;
        }
        this.dims = dims.clone();
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), dims.length + 1);
    }

    private int[] axes() {
        int[] a = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            a[i + 1] = dims[i];
        }
        return a;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.permute(axes());
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] a = axes();
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = inputShape[a[i]];
        }
        return out;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("dims", Configs.list(dims));
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Permute fromConfig(Map<String, Object> c) {
        Permute p = new Permute(Configs.ints(c, "dims"));
        p.applyBaseConfig(c);
        return p;
    }
}
