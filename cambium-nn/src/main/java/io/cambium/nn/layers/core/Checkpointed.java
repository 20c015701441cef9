package io.cambium.nn.layers.core;

import io.cambium.nn.FluentLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Checkpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient checkpointing for a layer or block (PyTorch's {@code torch.utils.checkpoint}, Keras's
 * {@code remat}): during training the wrapped layer runs without keeping its intermediate
 * activations, and runs again in the backward pass to get them (see
 * {@link io.cambium.tensor.autograd.Checkpoint}). Values and gradients are the same; peak memory
 * drops by the wrapped layer's activations, at the cost of one more forward pass of it. Inference
 * ({@code training = false}) runs the layer directly.
 */
public class Checkpointed extends FluentLayer<Checkpointed> {
    private final Layer layer;

    /** Wraps {@code layer} (a single-input, single-output layer or model). */
    public Checkpointed(Layer layer) {
        this.layer = track(layer);
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }

    @Override
    public void build(int[] inputShape) {
        layer.ensureBuilt(List.of(inputShape));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        if (!training) {
            return layer.apply(x, false);
        }
        List<Tensor> params = new ArrayList<>();
        for (Variable v : layer.trainableVariables()) {
            params.add(v.value());
        }
        return Checkpoint.apply(in -> layer.apply(in, true), x, params.toArray(new Tensor[0]));
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
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", layer.className());
        inner.put("config", layer.config());
        c.put("layer", inner);
        return c;
    }

    /** Re-creates the wrapper and its layer from {@link #config()}. */
    @SuppressWarnings("unchecked")
    public static Checkpointed fromConfig(Map<String, Object> c) {
        Map<String, Object> inner = (Map<String, Object>) c.get("layer");
        Checkpointed t = new Checkpointed(LayerRegistry.create((String) inner.get("class_name"),
                (Map<String, Object>) inner.get("config")));
        t.applyBaseConfig(c);
        return t;
    }
}
