package io.cambium.nn.layers.normalization;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Layer normalization (Keras's LayerNormalization, PyTorch's LayerNorm): each sample is normalized
 * by the mean and variance over the {@link #axis(int...) axes} (default the last; several axes
 * normalize their elements together, like PyTorch's {@code normalized_shape}), then scaled by
 * gamma and shifted by beta, both shaped like those axes. Keras's default epsilon is 1e-3
 * (PyTorch's 1e-5).
 */
public class LayerNormalization extends FluentLayer<LayerNormalization> implements KeepsNoActivations {
    private int[] axis = {-1};
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Variable gamma;
    private Variable beta;

    /** A layer normalization layer with Keras defaults. */
    public LayerNormalization() {
    }

    /**
     * The axes to normalize over (Keras's {@code axis}, default -1): feature axes counted with the
     * batch axis first, negative from the end; {@code axis(-2, -1)} normalizes each sample's last
     * two axes together.
     */
    public LayerNormalization axis(int... axes) {
        if (axes.length == 0) {
            throw new IllegalArgumentException(describe() + ": axis needs at least one axis");
        }
        this.axis = axes.clone();
        return this;
    }

    /** The axes to normalize over, as given. */
    public int[] axis() {
        return axis.clone();
    }

    /** Added to the variance (default 1e-3). */
    public LayerNormalization epsilon(double e) {
        this.epsilon = (float) e;
        return this;
    }

    /** Whether to learn beta (default true). */
    public LayerNormalization center(boolean c) {
        this.center = c;
        return this;
    }

    /** Whether to learn gamma (default true). */
    public LayerNormalization scale(boolean s) {
        this.scale = s;
        return this;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectMinRank(s, 2);
        int[] sizes = NormAxes.sizes(s, NormAxes.resolve(this, axis, s.length));
        Variable w = gamma != null ? gamma : beta;
        if (w != null && !java.util.Arrays.equals(w.shape(), sizes)) {
            throw new IllegalArgumentException(describe() + ": expected input with " + Shape.str(w.shape())
                    + " on axes " + java.util.Arrays.toString(axis) + ", got " + shapeStr(s));
        }
    }

    @Override
    public void build(int[] inputShape) {
        int[] c = NormAxes.sizes(inputShape, NormAxes.resolve(this, axis, inputShape.length));
        if (scale) {
            gamma = addWeight("gamma", c, Initializers.ones(), null, null, true);
        }
        if (center) {
            beta = addWeight("beta", c, Initializers.zeros(), null, null, true);
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        int r = x.rank();
        int[] ax = NormAxes.resolve(this, axis, r);
        Tensor g = gamma == null ? null : gamma.value();
        Tensor b = beta == null ? null : beta.value();
        if (ax.length == 1 && ax[0] == r - 1) {
            return x.layerNorm(g, b, epsilon);
        }
        // The fused kernel normalizes the last axis: bring the axes to the end, flatten them, and back.
        boolean trailing = NormAxes.trailing(ax, r);
        int[] perm = trailing ? null : NormAxes.toEnd(ax, r);
        Tensor xt = trailing ? x : x.permute(perm);
        int[] ts = xt.shape();
        int inner = 1;
        for (int i = r - ax.length; i < r; i++) {
            inner *= ts[i];
        }
        int[] flat = java.util.Arrays.copyOf(ts, r - ax.length + 1);
        flat[r - ax.length] = inner;
        Tensor y = xt.reshape(flat).layerNorm(g == null ? null : g.reshape(inner), b == null ? null : b.reshape(inner), epsilon)
                .reshape(ts);
        return trailing ? y : y.permute(NormAxes.inverse(perm));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", Configs.list(axis));
        c.put("epsilon", (double) epsilon);
        c.put("center", center);
        c.put("scale", scale);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static LayerNormalization fromConfig(Map<String, Object> c) {
        LayerNormalization l = new LayerNormalization().epsilon(Configs.number(c, "epsilon", 1e-3f))
                .center(Configs.bool(c, "center", true)).scale(Configs.bool(c, "scale", true));
        Object a = c.get("axis");
        if (a instanceof Number n) {
            l.axis(n.intValue());
        } else if (a != null) {
            l.axis(Configs.ints(c, "axis"));
        }
        l.applyBaseConfig(c);
        return l;
    }
}
