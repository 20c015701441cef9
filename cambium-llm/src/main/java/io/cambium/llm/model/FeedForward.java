package io.cambium.llm.model;

import io.cambium.tensor.Tensor;
import java.util.List;

/** The feed-forward sub-block of a Transformer block ({@link Mlp}, {@link SwiGluMlp}): width checks and residual dropout. */
abstract class FeedForward extends CompositeLayer {
    protected final int dModel;
    private final float residualDropout;

    FeedForward(String path, GptConfig cfg) {
        super(path);
        this.dModel = cfg.dModel();
        this.residualDropout = (float) cfg.dropout();
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectMinRank(s, 2);
        expectLastAxis(s, dModel);
    }

    /** The sub-block's output with residual dropout while training. */
    protected final Tensor residual(Tensor y, boolean training) {
        return training && residualDropout > 0 ? CausalSelfAttention.dropout(y, residualDropout) : y;
    }
}
