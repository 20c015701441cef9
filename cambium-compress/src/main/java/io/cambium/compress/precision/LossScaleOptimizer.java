package io.cambium.compress.precision;

import io.cambium.nn.Variable;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Dynamic loss scaling for float16 training (PyTorch's {@code GradScaler}, Keras's
 * {@code LossScaleOptimizer}): the gradients arrive multiplied by {@link #scale()} (the model made by
 * {@link MixedPrecision#wrap} multiplies the loss gradient at its output), so that small gradients
 * survive float16; each step divides them by the scale and, when all are finite, lets the wrapped
 * optimizer apply them. A step with an infinite or NaN gradient is skipped and the scale halved; after
 * {@code growthInterval} good steps in a row it doubles. Defaults as PyTorch: initial scale 2^16,
 * growth interval 2000.
 */
public final class LossScaleOptimizer extends Optimizer {
    private final Optimizer inner;
    private float scale;
    private final int growthInterval;
    private int goodSteps;
    private long skipped;

    /** Wraps {@code inner} with PyTorch's defaults. */
    public LossScaleOptimizer(Optimizer inner) {
        this(inner, 65536f, 2000);
    }

    /** Wraps {@code inner} with an initial scale and a growth interval. */
    public LossScaleOptimizer(Optimizer inner, float initialScale, int growthInterval) {
        if (!(initialScale > 0) || Float.isInfinite(initialScale) || growthInterval < 1) {
            throw new IllegalArgumentException("LossScaleOptimizer: initial scale must be positive and finite and the "
                    + "growth interval at least 1, got " + initialScale + " and " + growthInterval);
        }
        this.inner = inner;
        this.scale = initialScale;
        this.growthInterval = growthInterval;
    }

    /** The current loss scale. */
    public float scale() {
        return scale;
    }

    /** The number of steps skipped because a gradient overflowed. */
    public long skippedSteps() {
        return skipped;
    }

    /** The wrapped optimizer. */
    public Optimizer inner() {
        return inner;
    }

    @Override
    public void step(List<Variable> variables) {
        float inv = 1f / scale;
        boolean finite = true;
        for (Variable v : variables) {
            Tensor g = v.grad();
            if (g == null) {
                continue;
            }
            g.mulInPlace(inv);
            for (float x : g.data()) {
                if (!Float.isFinite(x)) {
                    finite = false;
                    break;
                }
            }
        }
        if (!finite) {
            skipped++;
            goodSteps = 0;
            scale = Math.max(scale * 0.5f, Float.MIN_NORMAL);
            inner.zeroGrad(variables);
            return;
        }
        inner.step(variables);
        if (++goodSteps >= growthInterval) {
            goodSteps = 0;
            float grown = scale * 2f;
            if (Float.isFinite(grown)) {
                scale = grown;
            }
        }
    }

    @Override
    public float learningRate() {
        return inner.learningRate();
    }

    @Override
    public void setLearningRate(float lr) {
        inner.setLearningRate(lr);
    }

    @Override
    public long iterations() {
        return inner.iterations();
    }

    @Override
    public Map<String, Object> config() {
        return inner.config();
    }

    @Override
    public Map<String, Tensor> state() {
        return inner.state();
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        inner.loadState(state);
    }
}
