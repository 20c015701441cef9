package io.cambium.compress;

import io.cambium.nn.FluentLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The base of the compression wrappers around a {@link Dense} or {@link Conv2D} layer: the wrapper
 * owns the layer (its variables are the model's), keeps its shapes, and computes it through
 * {@link LayerMath} with a transformed kernel. Wrappers are for training; {@code strip} functions
 * give back plain layers for saving.
 *
 * @param <T> the concrete wrapper type
 */
public abstract class LayerWrapper<T extends LayerWrapper<T>> extends FluentLayer<T> {
    private final Layer layer;
    private LayerMath math;

    protected LayerWrapper(Layer layer) {
        if (!LayerMath.supports(layer)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": cannot wrap " + layer.describe()
                    + " (Dense and Conv2D only)");
        }
        this.layer = track(layer);
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }

    /** The wrapped layer's kernel. */
    public Variable kernel() {
        return layer instanceof Dense d ? d.kernel() : ((Conv2D) layer).kernel();
    }

    /** The wrapped layer's bias, or null. */
    public Variable bias() {
        return layer instanceof Dense d ? d.bias() : ((Conv2D) layer).bias();
    }

    /** The wrapped layer's math (after build). */
    protected LayerMath math() {
        if (math == null) {
            math = LayerMath.of(layer);
        }
        return math;
    }

    @Override
    public void build(int[] inputShape) {
        layer.ensureBuilt(List.of(inputShape));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return layer.computeOutputShape(inputShape);
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        return layer.flops(inputShapes);
    }

    @Override
    public String className() {
        return getClass().getSimpleName();
    }

    @Override
    public Map<String, Object> config() {
        throw new UnsupportedOperationException(describe() + " is a training wrapper and is not saved; strip the "
                + "wrappers first (Pruning.strip, MixedPrecision.strip, QuantizationAwareTraining.convert)");
    }

    /** The bias value or null. */
    protected Tensor biasValue() {
        Variable b = bias();
        return b == null ? null : b.value();
    }

    @Override
    public abstract Tensor call(Tensor x, boolean training);
}
