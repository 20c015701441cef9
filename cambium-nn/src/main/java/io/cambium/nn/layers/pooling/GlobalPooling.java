package io.cambium.nn.layers.pooling;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's global pooling layers: the mean or maximum over all spatial axes of a channels-last
 * input, giving {@code (batch, channels)}, or {@code (batch, 1, ..., channels)} with keepDims.
 */
public abstract class GlobalPooling<T extends GlobalPooling<T>> extends FluentLayer<T> implements KeepsNoActivations {
    private final int spatialAxes;
    private boolean keepDims;

    protected GlobalPooling(int spatialAxes) {
        this.spatialAxes = spatialAxes;
    }

    /** Keep the pooled axes with size 1 (default false). */
    public T keepDims(boolean v) {
        this.keepDims = v;
        return self();
    }

    /** Mean or max over the given axes. */
    protected abstract Tensor reduce(Tensor x, int[] axes, boolean keep);

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), spatialAxes + 2);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int[] axes = new int[spatialAxes];
        for (int i = 0; i < spatialAxes; i++) {
            axes[i] = 1 + i;
        }
        return reduce(x, axes, keepDims);
    }

    @Override
    public int[] computeOutputShape(int[] in) {
        if (!keepDims) {
            return new int[] {in[0], in[in.length - 1]};
        }
        int[] out = in.clone();
        for (int i = 1; i <= spatialAxes; i++) {
            out[i] = 1;
        }
        return out;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("keepdims", keepDims);
        return c;
    }

    /** Restores the options of {@link #config()}. */
    protected void applyGlobalConfig(Map<String, Object> c) {
        applyBaseConfig(c);
        keepDims(Configs.bool(c, "keepdims", false));
    }
}
