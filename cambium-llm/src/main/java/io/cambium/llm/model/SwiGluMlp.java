package io.cambium.llm.model;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.SwiGlu;

/**
 * LLaMA's feed-forward sub-block: {@code down_proj(silu(gate_proj(x)) · up_proj(x))}, followed
 * by residual dropout. The projections are children ({@link Composite}).
 */
public class SwiGluMlp extends FeedForward {
    /** The MLP of a block, named {@code path}, with fresh weights. */
    public SwiGluMlp(String path, GptConfig cfg) {
        super(path, cfg);
        int h = cfg.mlpHidden();
        addChild("gate_proj", Parts.dense(path + ".gate_proj", dModel, h, cfg.bias(), cfg.initStd()));
        addChild("up_proj", Parts.dense(path + ".up_proj", dModel, h, cfg.bias(), cfg.initStd()));
        addChild("down_proj", Parts.dense(path + ".down_proj", h, dModel, cfg.bias(),
                cfg.initStd() / Math.sqrt(2.0 * cfg.layers())));
        markBuilt();
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor g = child("gate_proj").call(x, training);
        Tensor u = child("up_proj").call(x, training);
        Tensor y = child("down_proj").call(SwiGlu.apply(g, u), training);
        return residual(y, training);
    }
}
