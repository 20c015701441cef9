package io.cambium.nn.layers.attention;

import io.cambium.nn.Configs;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Dot-product (Luong) attention, Keras's Attention layer: scores {@code query·keyᵀ}, multiplied by
 * a trainable scalar {@code scale} (initially 1) when {@code useScale}. With score mode
 * {@code "concat"} the scores are {@code w · Σ_d tanh(scale · (query_id + key_jd))} with a trainable
 * scalar {@code w} (initially 1). See {@link BaseDenseAttention} for inputs, masks and outputs.
 */
public class Attention extends BaseDenseAttention<Attention> {
    private boolean useScale;
    private String scoreMode = "dot";
    private Variable scale;
    private Variable concatScoreWeight;

    /** Without a learned scale. */
    public Attention() {
    }

    /** Whether to learn a scalar multiplying the scores (default false). */
    public Attention useScale(boolean v) {
        this.useScale = v;
        return this;
    }

    /** {@code "dot"} (default) or {@code "concat"}. */
    public Attention scoreMode(String mode) {
        if (!mode.equals("dot") && !mode.equals("concat")) {
            throw new IllegalArgumentException(describe() + ": score_mode must be 'dot' or 'concat', got '" + mode + "'");
        }
        this.scoreMode = mode;
        return this;
    }

    /** The learned weight of concat scores, or {@code null} in dot mode. */
    public Variable concatScoreWeight() {
        return concatScoreWeight;
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
        if (scoreMode.equals("concat")) {
            concatScoreWeight = addWeight("concat_score_weight", new int[] {}, Initializers.ones(), null, null, true);
        }
    }

    @Override
    protected Tensor scores(Tensor query, Tensor key) {
        if (concatScoreWeight != null) {
            Tensor sum = query.unsqueeze(2).add(key.unsqueeze(1));
            if (scale != null) {
                sum = sum.mul(scale.value());
            }
            return sum.tanh().sum(3, false).mul(concatScoreWeight.value());
        }
        Tensor s = query.matmul(key, false, true);
        return scale == null ? s : s.mul(scale.value());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("use_scale", useScale);
        c.put("score_mode", scoreMode);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Attention fromConfig(Map<String, Object> c) {
        Attention l = new Attention();
        l.scoreMode(Configs.string(c, "score_mode", "dot"));
        l.applyAttentionConfig(c);
        l.useScale(Configs.bool(c, "use_scale", false));
        return l;
    }
}
