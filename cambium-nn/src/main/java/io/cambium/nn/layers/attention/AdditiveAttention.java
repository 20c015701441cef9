package io.cambium.nn.layers.attention;

import io.cambium.nn.Configs;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Additive (Bahdanau) attention, Keras's AdditiveAttention layer: scores
 * {@code Σ_d scale_d · tanh(query_id + key_jd)}, with a trainable {@code scale [D]} (Glorot uniform)
 * when {@code useScale} (default true), else a plain sum. See {@link BaseDenseAttention} for
 * inputs, masks and outputs.
 */
public class AdditiveAttention extends BaseDenseAttention<AdditiveAttention> {
    private boolean useScale = true;
    private Variable scale;

    /** With a learned scale. */
    public AdditiveAttention() {
    }

    /** Whether to learn the per-feature scale (default true). */
    public AdditiveAttention useScale(boolean v) {
        this.useScale = v;
        return this;
    }

    /** The learned scale {@code [D]}, or {@code null}. */
    public Variable scale() {
        return scale;
    }

    @Override
    public void build(List<int[]> shapes) {
        if (useScale) {
            int d = shapes.get(0)[2];
            scale = addWeight("scale", new int[] {d}, Initializers.glorotUniform(), null, null, true);
        }
    }

    @Override
    protected Tensor scores(Tensor query, Tensor key) {
        Tensor t = query.unsqueeze(2).add(key.unsqueeze(1)).tanh();
        if (scale != null) {
            t = t.mul(scale.value());
        }
        return t.sum(3, false);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("use_scale", useScale);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static AdditiveAttention fromConfig(Map<String, Object> c) {
        AdditiveAttention l = new AdditiveAttention();
        l.applyAttentionConfig(c);
        l.useScale(Configs.bool(c, "use_scale", true));
        return l;
    }
}
