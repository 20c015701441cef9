package io.cambium.llm.model;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.attention.PackedAttention;
import io.cambium.tensor.ops.attention.PackedRotary;
import io.cambium.tensor.random.Rng;
import java.util.Map;

/**
 * Causal self-attention of one block: the packed query/key/value projection {@code c_attn}
 * ({@code d_model -> (heads + 2·kvHeads)·headDim}), rotary positions when configured, scaled
 * dot-product attention with a causal mask (grouped-query when {@code kvHeads < heads}), and the
 * output projection {@code c_proj}, followed by residual dropout. Attention runs on the engine's
 * fused {@link PackedAttention} (no head split or permute copies); with attention-probability
 * dropout during training it takes a composed path instead, since the fused op has no dropout.
 * The projections are children ({@link Composite}) so that wrappers such as LoRA can replace them.
 */
public class CausalSelfAttention extends SequenceLayer {
    private final int layerIndex;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final boolean rotary;
    private final double ropeTheta;
    private final float attentionDropout;
    private final float residualDropout;

    /** The attention of block {@code layerIndex}, named {@code path}, with fresh weights. */
    public CausalSelfAttention(String path, int layerIndex, GptConfig cfg) {
        super(path, cfg.dModel());
        this.layerIndex = layerIndex;
        this.heads = cfg.heads();
        this.kvHeads = cfg.kvHeads();
        this.headDim = cfg.headDim();
        this.rotary = cfg.positions() == GptConfig.Positions.ROTARY;
        this.ropeTheta = cfg.ropeTheta();
        this.attentionDropout = (float) cfg.attentionDropout();
        this.residualDropout = (float) cfg.dropout();
        int width = (heads + 2 * kvHeads) * headDim;
        addChild("c_attn", Parts.dense(path + ".c_attn", dModel, width, cfg.bias(), cfg.initStd()));
        addChild("c_proj", Parts.dense(path + ".c_proj", heads * headDim, dModel, cfg.bias(),
                cfg.initStd() / Math.sqrt(2.0 * cfg.layers())));
        markBuilt();
    }

    /** The number of query heads. */
    public int heads() {
        return heads;
    }

    /** The number of key/value heads (equal to {@link #heads()} without grouped-query attention). */
    public int kvHeads() {
        return kvHeads;
    }

    /** The width of one head. */
    public int headDim() {
        return headDim;
    }

    /** Whether queries and keys are rotated ({@link PackedRotary}). */
    public boolean rotary() {
        return rotary;
    }

    /** The rotary base. */
    public double ropeTheta() {
        return ropeTheta;
    }

    /** The index of the block this attention belongs to (its slot in a {@link KvCache}). */
    public int layerIndex() {
        return layerIndex;
    }

    /** The packed query/key/value projection (or the wrapper that replaced it). */
    public Layer cAttn() {
        return child("c_attn");
    }

    /** The output projection (or its wrapper). */
    public Layer cProj() {
        return child("c_proj");
    }

    @Override
    Tensor forward(Tensor x, int b, int t, KvCache cache, boolean training) {
        int start = cache == null ? 0 : cache.length();
        Tensor qkv = child("c_attn").call(x, training).reshape(b, t, (heads + 2 * kvHeads) * headDim);
        if (rotary) {
            qkv = PackedRotary.apply(qkv, heads, kvHeads, start, ropeTheta);
        }
        float scale = (float) (1.0 / Math.sqrt(headDim));
        Tensor y;
        if (cache != null) {
            y = cache.attend(layerIndex, qkv, heads, kvHeads, scale);
        } else if (training && attentionDropout > 0) {
            y = composed(qkv, b, t, scale);
        } else {
            y = PackedAttention.apply(qkv, heads, kvHeads, true, scale);
        }
        y = child("c_proj").call(y.reshape(b * t, heads * headDim), training);
        if (training && residualDropout > 0) {
            y = dropout(y, residualDropout);
        }
        return y;
    }

    /** Attention from composed ops, with dropout on the probabilities (training only). */
    private Tensor composed(Tensor qkv, int b, int t, float scale) {
        int rep = heads / kvHeads;
        Tensor q = qkv.narrow(2, 0, heads * headDim).reshape(b, t, heads, headDim).permute(0, 2, 1, 3);
        Tensor k = heads(qkv.narrow(2, heads * headDim, kvHeads * headDim), b, t, rep);
        Tensor v = heads(qkv.narrow(2, (heads + kvHeads) * headDim, kvHeads * headDim), b, t, rep);
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                mask[i * t + j] = Float.NEGATIVE_INFINITY;
            }
        }
        Tensor p = q.matmul(k, false, true).mul(scale).add(Tensor.of(mask, t, t)).softmax(-1);
        p = dropout(p, attentionDropout);
        return p.matmul(v).permute(0, 2, 1, 3).reshape(b, t, heads * headDim);
    }

    /** {@code [b, t, kvHeads·hd]} as {@code [b, heads, t, hd]}, each key/value head repeated for its group. */
    private Tensor heads(Tensor x, int b, int t, int rep) {
        Tensor h = x.reshape(b, t, kvHeads, 1, headDim);
        if (rep > 1) {
            h = h.expand(b, t, kvHeads, rep, headDim);
        }
        return h.reshape(b, t, heads, headDim).permute(0, 2, 1, 3);
    }

    static Tensor dropout(Tensor x, float rate) {
        Rng rng = Cambium.rng();
        synchronized (rng) {
            return x.dropout(rate, rng);
        }
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("layer_index", layerIndex);
        c.put("heads", heads);
        c.put("kv_heads", kvHeads);
        c.put("rotary", rotary);
        return c;
    }
}
