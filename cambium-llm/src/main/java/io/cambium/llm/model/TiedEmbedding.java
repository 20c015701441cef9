package io.cambium.llm.model;

import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;

/**
 * A layer in the token embedding's place ({@code wte}) that wraps the table, such as a LoRA
 * adapter on it. When the model's output is tied to the token table, {@link Gpt} asks this layer
 * for the logits, so the wrapper decides whether its update also reaches the output projection.
 */
public interface TiedEmbedding {
    /** The wrapped base table {@code [vocab, d_model]}. */
    Variable baseTable();

    /**
     * The logits {@code [rows, vocab]} of final hidden rows {@code h [rows, d_model]} through the
     * tied output projection: {@code h · Eᵀ} plus whatever update of the table this layer applies
     * to the output.
     */
    Tensor tiedLogits(Tensor h, boolean training);
}
