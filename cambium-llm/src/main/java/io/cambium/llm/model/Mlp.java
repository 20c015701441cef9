package io.cambium.llm.model;

import io.cambium.nn.Layer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.Activations;

/**
 * The feed-forward sub-block of GPT-2: {@code c_proj(gelu(c_fc(x)))} with exact or tanh GELU,
 * followed by residual dropout. The projections are children ({@link Composite}).
 */
public class Mlp extends FeedForward {
    private final boolean tanhGelu;

    /** The MLP of a block, named {@code path}, with fresh weights. */
    public Mlp(String path, GptConfig cfg) {
        super(path, cfg);
        if (cfg.activation() == GptConfig.Activation.SWIGLU) {
            throw new IllegalArgumentException(describe() + ": SwiGLU is SwiGluMlp's activation");
        }
        this.tanhGelu = cfg.activation() == GptConfig.Activation.GELU_TANH;
        addChild("c_fc", Parts.dense(path + ".c_fc", dModel, cfg.mlpHidden(), cfg.bias(), cfg.initStd()));
        addChild("c_proj", Parts.dense(path + ".c_proj", cfg.mlpHidden(), dModel, cfg.bias(),
                cfg.initStd() / Math.sqrt(2.0 * cfg.layers())));
        markBuilt();
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor h = child("c_fc").call(x, training);
        // The exact GELU keeps its derivative from the forward pass (one product backward).
        h = tanhGelu ? Activations.gelu(h, true) : Activations.biasGelu(h, null);
        Tensor y = child("c_proj").call(h, training);
        return residual(y, training);
    }

    /** The activation: {@code GELU} (exact) or {@code GELU_TANH}. */
    public GptConfig.Activation activation() {
        return tanhGelu ? GptConfig.Activation.GELU_TANH : GptConfig.Activation.GELU;
    }

    /** The first projection (or its wrapper). */
    public Layer cFc() {
        return child("c_fc");
    }

    /** The second projection (or its wrapper). */
    public Layer cProj() {
        return child("c_proj");
    }
}
