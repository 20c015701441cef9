package io.cambium.llm.model;

import io.cambium.nn.Configs;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.RmsNorm;
import java.util.List;
import java.util.Map;

/**
 * Root-mean-square normalization over the last axis (Keras 3's {@code RMSNormalization},
 * PyTorch's {@code nn.RMSNorm}, LLaMA's {@code LlamaRMSNorm}): {@code x / sqrt(mean(x²) + eps) · gamma},
 * gamma initialized to ones. Default epsilon 1e-6 (Keras, LLaMA 1).
 */
public class RmsNormalization extends Layer {
    private float epsilon = 1e-6f;
    private Variable gamma;

    /** With epsilon 1e-6. */
    public RmsNormalization() {
    }

    /** Added to the mean of squares. */
    public RmsNormalization epsilon(double e) {
        if (!(e > 0)) {
            throw new IllegalArgumentException(describe() + ": epsilon must be positive, got " + e);
        }
        this.epsilon = (float) e;
        return this;
    }

    /** The epsilon. */
    public double epsilon() {
        return epsilon;
    }

    /** The scale {@code [features]} (after build). */
    public Variable gamma() {
        return gamma;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectMinRank(s, 2);
        if (gamma != null) {
            expectLastAxis(s, gamma.shape()[0]);
        }
    }

    @Override
    public void build(int[] inputShape) {
        gamma = addWeight("gamma", new int[] {inputShape[inputShape.length - 1]}, Initializers.ones(), null, null, true);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return RmsNorm.apply(x, gamma.value(), epsilon);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("epsilon", (double) epsilon);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static RmsNormalization fromConfig(Map<String, Object> c) {
        RmsNormalization l = new RmsNormalization().epsilon(Configs.number(c, "epsilon", 1e-6f));
        l.applyBaseConfig(c);
        return l;
    }
}
