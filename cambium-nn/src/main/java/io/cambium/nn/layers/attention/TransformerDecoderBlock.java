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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Transformer decoder block (keras_nlp's TransformerDecoder): causal multi-head self-attention,
 * then cross-attention over an encoder sequence (when given), then a two-layer MLP; each sublayer
 * with dropout, a residual connection and layer normalization (post-norm by default, pre-norm with
 * {@code normalizeFirst}). Inputs {@code [decoder (B, T, D)]} or
 * {@code [decoder, encoder (B, S, De)]}; output {@code (B, T, D)}. Masks attached to the inputs
 * hide padded decoder keys and padded encoder positions.
 */
public class TransformerDecoderBlock extends FluentLayer<TransformerDecoderBlock> {
    private final int intermediateDim;
    private final int numHeads;
    private float dropout;
    private String activation = "gelu";
    private float layerNormEpsilon = 1e-5f;
    private boolean normalizeFirst;
    private MultiHeadAttention selfAttention;
    private LayerNormalization selfAttentionNorm;
    private MultiHeadAttention crossAttention;
    private LayerNormalization crossAttentionNorm;
    private Dense intermediate;
    private Dense output;
    private LayerNormalization outputNorm;

    /** A block with an MLP of width {@code intermediateDim} and {@code numHeads} heads. */
    public TransformerDecoderBlock(int intermediateDim, int numHeads) {
        if (intermediateDim <= 0 || numHeads <= 0) {
            throw new IllegalArgumentException("TransformerDecoderBlock: intermediate_dim and num_heads must be positive, got "
                    + intermediateDim + ", " + numHeads);
        }
        this.intermediateDim = intermediateDim;
        this.numHeads = numHeads;
    }

    /** Dropout rate after each sublayer (and on the attention weights). */
    public TransformerDecoderBlock dropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException(describe() + ": dropout must be in [0, 1), got " + rate);
        }
        this.dropout = (float) rate;
        return this;
    }

    /** The MLP activation by Keras name (default gelu). */
    public TransformerDecoderBlock activation(String name) {
        io.cambium.nn.Activations.get(name);
        this.activation = name;
        return this;
    }

    /** Layer-normalization epsilon (default 1e-5). */
    public TransformerDecoderBlock layerNormEpsilon(double e) {
        this.layerNormEpsilon = (float) e;
        return this;
    }

    /** Pre-norm ({@code true}) or post-norm ({@code false}, default). */
    public TransformerDecoderBlock normalizeFirst(boolean v) {
        this.normalizeFirst = v;
        return this;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        if (inputShapes.size() > 2) {
            throw new IllegalArgumentException(describe() + ": expects [decoder] or [decoder, encoder], got "
                    + inputShapes.size() + " inputs");
        }
        int[] s = inputShapes.get(0);
        expectRank(s, 3);
        if (s[2] % numHeads != 0) {
            throw new IllegalArgumentException(describe() + ": the feature size must be divisible by num_heads "
                    + numHeads + ", got " + shapeStr(s));
        }
        if (inputShapes.size() == 2) {
            expectRank(inputShapes.get(1), 3);
        }
        if (selfAttention != null && (inputShapes.size() == 2) != (crossAttention != null)) {
            throw new IllegalArgumentException(describe() + ": was built " + (crossAttention == null ? "without" : "with")
                    + " an encoder sequence and must be called the same way");
        }
    }

    @Override
    public void build(List<int[]> shapes) {
        if (selfAttention != null) {
            return; // built before: keep the sub-layers and their weights
        }
        int[] s = shapes.get(0);
        int d = s[2];
        selfAttention = new MultiHeadAttention(numHeads, d / numHeads).dropout(dropout).name(name() + "_self_attention");
        selfAttentionNorm = new LayerNormalization().epsilon(layerNormEpsilon).name(name() + "_self_attention_norm");
        selfAttention.ensureBuilt(List.of(s, s));
        selfAttentionNorm.ensureBuilt(List.of(s));
        if (shapes.size() == 2) {
            crossAttention = new MultiHeadAttention(numHeads, d / numHeads).dropout(dropout)
                    .name(name() + "_cross_attention");
            crossAttentionNorm = new LayerNormalization().epsilon(layerNormEpsilon).name(name() + "_cross_attention_norm");
            crossAttention.ensureBuilt(List.of(s, shapes.get(1)));
            crossAttentionNorm.ensureBuilt(List.of(s));
        }
        intermediate = new Dense(intermediateDim).activation(activation).name(name() + "_intermediate_dense");
        output = new Dense(d).name(name() + "_output_dense");
        outputNorm = new LayerNormalization().epsilon(layerNormEpsilon).name(name() + "_output_norm");
        intermediate.ensureBuilt(List.of(s));
        output.ensureBuilt(List.of(new int[] {s[0], s[1], intermediateDim}));
        outputNorm.ensureBuilt(List.of(s));
    }

    @Override
    public void build(int[] inputShape) {
        build(List.of(inputShape));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return callAll(List.of(x), training).get(0);
    }

    /** Decoder {@code x} attending to {@code encoder}. */
    public Tensor call(Tensor x, Tensor encoder, boolean training) {
        return applyAll(List.of(x, encoder), training).get(0);
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        buildIfNeeded(inputs);
        Tensor x = inputs.get(0);
        Tensor enc = inputs.size() > 1 ? inputs.get(1) : null;
        Tensor mask = Masks.of(x);
        int t = x.dim(1);
        Tensor selfKeep = mask == null ? null : TransformerEncoderBlock.keyMask(mask, t);
        Tensor y = sublayer(x, selfAttentionNorm, h -> selfAttention.call(h, h, null, selfKeep, true, false, training)
                .get(0), training);
        if (enc != null) {
            Tensor encMask = Masks.of(enc);
            Tensor crossKeep = encMask == null ? null : TransformerEncoderBlock.keyMask(encMask, t);
            y = sublayer(y, crossAttentionNorm, h -> crossAttention.call(h, enc, null, crossKeep, false, false, training)
                    .get(0), training);
        }
        y = sublayer(y, outputNorm, h -> output.apply(intermediate.apply(h, training), training), training);
        List<Tensor> out = new ArrayList<>();
        out.add(Masks.attach(y, mask));
        return out;
    }

    private Tensor sublayer(Tensor x, LayerNormalization norm, java.util.function.UnaryOperator<Tensor> f,
                            boolean training) {
        Tensor h = normalizeFirst ? norm.apply(x, training) : x;
        Tensor y = x.add(drop(f.apply(h), training));
        return normalizeFirst ? y : norm.apply(y, training);
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
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(inputShapes.get(0).clone());
    }

    @Override
    public long flops(List<int[]> shapes) {
        int[] s = shapes.get(0);
        long f = selfAttention.flops(List.of(s, s)) + intermediate.flops(List.of(s))
                + output.flops(List.of(new int[] {s[0], s[1], intermediateDim})) + 24L * Math.max(1, s[1]) * s[2];
        if (crossAttention != null && shapes.size() == 2) {
            f += crossAttention.flops(List.of(s, shapes.get(1)));
        }
        return f;
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
        return c;
    }

    /** Re-creates the block from {@link #config()}. */
    public static TransformerDecoderBlock fromConfig(Map<String, Object> c) {
        TransformerDecoderBlock l = new TransformerDecoderBlock(Configs.integer(c, "intermediate_dim"),
                Configs.integer(c, "num_heads"));
        l.applyBaseConfig(c);
        l.dropout(Configs.number(c, "dropout", 0f));
        l.activation(Configs.string(c, "activation", "gelu"));
        l.layerNormEpsilon(Configs.number(c, "layer_norm_epsilon", 1e-5f));
        l.normalizeFirst(Configs.bool(c, "normalize_first", false));
        return l;
    }
}
