package io.cambium.nn.layers.attention;

import io.cambium.nn.Configs;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Dot-product (Luong) attention, Keras's Attention layer: scores {@code query·keyᵀ}, multiplied by
 * a trainable scalar {@code scale} (initially 1) when {@code useScale}. See
 * {@link BaseDenseAttention} for inputs, masks and outputs.
 */
public class Attention extends BaseDenseAttention {
    private boolean useScale;
    private Variable scale;

    /** Without a learned scale. */
    public Attention() {
    }

    /** Whether to learn a scalar multiplying the scores (default false). */
    public Attention useScale(boolean v) {
        this.useScale = v;
        return this;
    }

    /** The learned scale, or {@code null}. */
    public Variable scale() {
        return scale;
    }

    @Override
    public void build(List<int[]> shapes) {
        if (useScale) {
            scale = addWeight("scale", new int[] {}, Initializers.ones(), null, null, true);
        }
    }

    @Override
    protected Tensor scores(Tensor query, Tensor key) {
        Tensor s = query.matmul(key, false, true);
        return scale == null ? s : s.mul(scale.value());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("use_scale", useScale);
        c.put("score_mode", "dot");
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Attention fromConfig(Map<String, Object> c) {
        String mode = Configs.string(c, "score_mode", "dot");
        if (!mode.equals("dot")) {
            throw new IllegalArgumentException("Attention: only score_mode 'dot' is supported, got '" + mode + "'");
        }
        Attention l = new Attention();
        l.applyAttentionConfig(c);
        l.useScale(Configs.bool(c, "use_scale", false));
        return l;
    }
}
