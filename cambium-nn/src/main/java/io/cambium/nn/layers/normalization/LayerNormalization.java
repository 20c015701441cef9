package io.cambium.nn.layers.normalization;

import io.cambium.nn.FluentLayer;
import io.cambium.nn.Configs;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Layer normalization over the last axis (Keras's LayerNormalization, PyTorch's LayerNorm):
 * each position is normalized by its own mean and variance, then scaled by gamma and shifted by
 * beta. Keras's default epsilon is 1e-3 (PyTorch's 1e-5).
 */
public class LayerNormalization extends FluentLayer<LayerNormalization> {
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Variable gamma;
    private Variable beta;

    /** A layer normalization layer with Keras defaults. */
    public LayerNormalization() {
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
        if (gamma != null) {
            expectLastAxis(s, gamma.shape()[0]);
        } else if (beta != null) {
            expectLastAxis(s, beta.shape()[0]);
        }
    }

    @Override
    public void build(int[] inputShape) {
        int c = inputShape[inputShape.length - 1];
        if (scale) {
            gamma = addWeight("gamma", new int[] {c}, Initializers.ones(), null, null, true);
        }
        if (center) {
            beta = addWeight("beta", new int[] {c}, Initializers.zeros(), null, null, true);
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.layerNorm(gamma == null ? null : gamma.value(), beta == null ? null : beta.value(), epsilon);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("epsilon", (double) epsilon);
        c.put("center", center);
        c.put("scale", scale);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static LayerNormalization fromConfig(Map<String, Object> c) {
        LayerNormalization l = new LayerNormalization().epsilon(Configs.number(c, "epsilon", 1e-3f))
                .center(Configs.bool(c, "center", true)).scale(Configs.bool(c, "scale", true));
        l.applyBaseConfig(c);
        return l;
    }
}
