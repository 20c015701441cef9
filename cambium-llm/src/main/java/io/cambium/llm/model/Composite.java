package io.cambium.llm.model;

import io.cambium.nn.Layer;
import java.util.Map;

/**
 * A layer made of named child layers that can be listed and replaced, so that a wrapper (LoRA,
 * a quantized base, a diagnostic probe) can take a child's place without the parent knowing:
 * {@code attn.replaceChild("c_attn", new LoraDense(attn.namedChildren().get("c_attn")))}.
 * {@link LayerPaths} walks a model's composites by dotted paths such as {@code h.0.attn.c_attn}.
 */
public interface Composite {
    /** The direct children by local name ({@code c_attn}, {@code h.0}, ...), in a fixed order. */
    Map<String, Layer> namedChildren();

    /**
     * Replaces the child with this local name.
     *
     * @throws IllegalArgumentException when there is no such child
     */
    void replaceChild(String name, Layer replacement);
}
