package io.cambium.llm.model;

import io.cambium.tensor.Tensor;

/**
 * One pre-normalization Transformer block: {@code x + attn(ln_1(x))}, then
 * {@code x + mlp(ln_2(x))}. Children: {@code ln_1}, {@code attn} ({@link CausalSelfAttention}),
 * {@code ln_2}, {@code mlp} ({@link Mlp} or {@link SwiGluMlp}).
 */
public class GptBlock extends SequenceLayer {
    /** Block {@code index} of a model of shape {@code cfg}, named {@code path}, with fresh weights. */
    public GptBlock(String path, int index, GptConfig cfg) {
        super(path, cfg.dModel());
        addChild("ln_1", Parts.norm(path + ".ln_1", cfg));
        addChild("attn", new CausalSelfAttention(path + ".attn", index, cfg));
        addChild("ln_2", Parts.norm(path + ".ln_2", cfg));
        addChild("mlp", cfg.activation() == GptConfig.Activation.SWIGLU ? new SwiGluMlp(path + ".mlp", cfg)
                : new Mlp(path + ".mlp", cfg));
        markBuilt();
    }

    /** The attention sub-block. */
    public CausalSelfAttention attention() {
        return (CausalSelfAttention) child("attn");
    }

    @Override
    Tensor forward(Tensor x, int b, int t, KvCache cache, boolean training) {
        Tensor a = ((CausalSelfAttention) child("attn")).forward(child("ln_1").call(x, training), b, t, cache, training);
        x = x.add(a);
        return x.add(child("mlp").call(child("ln_2").call(x, training), training));
    }
}
