package io.cambium.llm.finetune.lora;

import io.cambium.llm.model.CompositeLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Tensor;
import java.util.List;

/**
 * A small CNN made of library layers in a composite, as a model LoRA can wrap: conv1 (3×3, 3 → 6,
 * SAME) → ReLU → conv2 (3×3, 6 → 8, stride 2, VALID) → ReLU → mean over the spatial axes → head
 * (8 → 5). Inputs are channels-last {@code [batch, 8, 8, 3]}; the shape of gen_lora.py's conv case.
 */
final class TinyCnn extends CompositeLayer {
    /** tanh instead of ReLU: smooth, for finite differences that no ReLU kink disturbs. */
    private boolean smooth;

    TinyCnn() {
        this(new Conv2D(6, 3).padding("same"));
    }

    /** With {@code conv1} given (for variants such as a dilated or grouped first convolution). */
    TinyCnn(Conv2D conv1) {
        super("cnn");
        conv1.name("conv1");
        conv1.ensureBuilt(List.of(new int[] {-1, 8, 8, 3}));
        addChild("conv1", conv1);
        int[] mid = conv1.computeOutputShape(new int[] {-1, 8, 8, 3});
        Conv2D conv2 = new Conv2D(8, 3).strides(2);
        conv2.name("conv2");
        conv2.ensureBuilt(List.of(mid));
        addChild("conv2", conv2);
        Dense head = new Dense(5);
        head.name("head");
        head.ensureBuilt(List.of(new int[] {-1, 8}));
        addChild("head", head);
        markBuilt();
    }

    /** Uses tanh between the layers instead of ReLU. */
    TinyCnn smooth() {
        smooth = true;
        return this;
    }

    Layer layer(String name) {
        return child(name);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor h = act(child("conv1").call(x, training));
        h = act(child("conv2").call(h, training));
        return child("head").call(h.mean(new int[] {1, 2}, false), training);
    }

    private Tensor act(Tensor h) {
        return smooth ? h.tanh() : h.relu();
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return new int[] {inputShape[0], 5};
    }
}
