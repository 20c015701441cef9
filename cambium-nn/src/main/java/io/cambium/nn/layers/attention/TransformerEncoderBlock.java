package io.cambium.nn.layers.attention;

import io.cambium.Cambium;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.Masks;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.List;
import java.util.Map;

/**
 * A Transformer encoder block (keras_nlp's TransformerEncoder): multi-head self-attention and a
 * two-layer MLP, each with dropout, a residual connection and layer normalization, after the
 * residual (post-norm, default, as in the original Transformer) or before the sublayer
 * ({@code normalizeFirst}, pre-norm). Input and output {@code (batch, T, D)}; the heads have size
 * {@code D / numHeads}. A mask attached to the input hides padded keys.
 */
public class TransformerEncoderBlock extends FluentLayer<TransformerEncoderBlock> {
    private final int intermediateDim;
    private final int numHeads;
    private float dropout;
    private String activation = "gelu";
    private float layerNormEpsilon = 1e-5f;
    private boolean normalizeFirst;
    private boolean rotary;
    private MultiHeadAttention attention;
    private LayerNormalization attentionNorm;
    private Dense intermediate;
    private Dense output;
    private LayerNormalization outputNorm;

    /** A block with an MLP of width {@code intermediateDim} and {@code numHeads} heads. */
    public TransformerEncoderBlock(int intermediateDim, int numHeads) {
        if (intermediateDim <= 0 || numHeads <= 0) {
            throw new IllegalArgumentException("TransformerEncoderBlock: intermediate_dim and num_heads must be positive, got "
                    + intermediateDim + ", " + numHeads);
        }
        this.intermediateDim = intermediateDim;
        this.numHeads = numHeads;
    }

    /** Dropout rate after attention and MLP (and on the attention weights). */
    public TransformerEncoderBlock dropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException(describe() + ": dropout must be in [0, 1), got " + rate);
        }
        this.dropout = (float) rate;
        return this;
    }

    /** The MLP activation by Keras name (default gelu). */
    public TransformerEncoderBlock activation(String name) {
        io.cambium.nn.Activations.get(name);
        this.activation = name;
        return this;
    }

    /** Layer-normalization epsilon (default 1e-5). */
    public TransformerEncoderBlock layerNormEpsilon(double e) {
        this.layerNormEpsilon = (float) e;
        return this;
    }

    /** Pre-norm ({@code true}) or post-norm ({@code false}, default). */
    public TransformerEncoderBlock normalizeFirst(boolean v) {
        this.normalizeFirst = v;
        return this;
    }

    /** Rotary position embedding on queries and keys (default false). */
    public TransformerEncoderBlock rotaryEmbedding(boolean v) {
        this.rotary = v;
        return this;
    }

    /** The self-attention layer (after build). */
    public MultiHeadAttention attention() {
        return attention;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 3);
        if (s[2] % numHeads != 0) {
            throw new IllegalArgumentException(describe() + ": the feature size must be divisible by num_heads "
                    + numHeads + ", got " + shapeStr(s));
        }
        if (attention != null) {
            expectLastAxis(s, attention.queryKernel().shape()[0]);
        }
    }

    @Override
    public void build(int[] s) {
        if (attention != null) {
            return; // built before: keep the sub-layers and their weights
        }
        int d = s[2];
        attention = new MultiHeadAttention(numHeads, d / numHeads).dropout(dropout).rotaryEmbedding(rotary)
                .name(name() + "_self_attention");
        attentionNorm = new LayerNormalization().epsilon(layerNormEpsilon).name(name() + "_self_attention_norm");
        intermediate = new Dense(intermediateDim).activation(activation).name(name() + "_intermediate_dense");
        output = new Dense(d).name(name() + "_output_dense");
        outputNorm = new LayerNormalization().epsilon(layerNormEpsilon).name(name() + "_output_norm");
        attention.ensureBuilt(List.of(s, s));
        attentionNorm.ensureBuilt(List.of(s));
        intermediate.ensureBuilt(List.of(s));
        output.ensureBuilt(List.of(new int[] {s[0], s[1], intermediateDim}));
        outputNorm.ensureBuilt(List.of(s));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        Tensor mask = Masks.of(x);
        Tensor keep = mask == null ? null : keyMask(mask, x.dim(1));
        Tensor h = normalizeFirst ? attentionNorm.apply(x, training) : x;
        h = attention.call(h, h, null, keep, false, false, training).get(0);
        Tensor y = x.add(drop(h, training));
        if (!normalizeFirst) {
            y = attentionNorm.apply(y, training);
        }
        h = normalizeFirst ? outputNorm.apply(y, training) : y;
        h = output.apply(intermediate.apply(h, training), training);
        Tensor z = y.add(drop(h, training));
        if (!normalizeFirst) {
            z = outputNorm.apply(z, training);
        }
        return Masks.attach(z, mask);
    }

    /** A padding mask {@code (B, T)} as an attention mask {@code (B, tq, T)} over keys. */
    static Tensor keyMask(Tensor mask, int tq) {
        int b = mask.dim(0);
        int t = mask.dim(1);
        return mask.reshape(b, 1, t).expand(b, tq, t).copy();
    }

    private Tensor drop(Tensor h, boolean training) {
        if (!training || dropout == 0f) {
            return h;
        }
        Rng rng = Cambium.rng();
        synchronized (rng) {
            return h.dropout(dropout, rng);
        }
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        int[] mid = {s[0], s[1], intermediateDim};
        return attention.flops(List.of(s, s)) + intermediate.flops(List.of(s)) + output.flops(List.of(mid))
                + 16L * Math.max(1, s[1]) * s[2];
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("intermediate_dim", intermediateDim);
        c.put("num_heads", numHeads);
        c.put("dropout", (double) dropout);
        c.put("activation", activation);
        c.put("layer_norm_epsilon", (double) layerNormEpsilon);
        c.put("normalize_first", normalizeFirst);
        c.put("rotary_embedding", rotary);
        return c;
    }

    /** Re-creates the block from {@link #config()}. */
    public static TransformerEncoderBlock fromConfig(Map<String, Object> c) {
        TransformerEncoderBlock l = new TransformerEncoderBlock(Configs.integer(c, "intermediate_dim"),
                Configs.integer(c, "num_heads"));
        l.applyBaseConfig(c);
        l.dropout(Configs.number(c, "dropout", 0f));
        l.activation(Configs.string(c, "activation", "gelu"));
        l.layerNormEpsilon(Configs.number(c, "layer_norm_epsilon", 1e-5f));
        l.normalizeFirst(Configs.bool(c, "normalize_first", false));
        l.rotaryEmbedding(Configs.bool(c, "rotary_embedding", false));
        return l;
    }
}
