package io.cambium.llm.tokenizer;

/** How a {@link BatchEncoder} pads (Hugging Face's {@code padding=} values). */
public enum Padding {
    /** No padding: rows keep their own lengths ({@code padding=False}). */
    NONE,
    /** Pad to the longest row of the batch ({@code padding=True} / {@code "longest"}). */
    LONGEST,
    /** Pad to {@code maxLength} ({@code padding="max_length"}). */
    MAX_LENGTH
}
