package io.cambium.llm.generate;

/**
 * The outcome of {@link Generator#generate}: the new token ids (a final stop token included), the
 * decoded new text (without a stop token, and cut before a stop string; {@code null} without a
 * decoder), and why generation ended.
 */
public record GenerationResult(int[] tokens, String text, FinishReason finishReason) {
    /** Keeps a copy of the tokens. */
    public GenerationResult {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }
}
