package io.cambium.llm.generate;

/** Receives generated tokens as they come (streaming). */
@FunctionalInterface
public interface GenerationListener {
    /**
     * Called once per generated token with the text it completes: the new characters of the
     * decoded output, or the empty string while a multi-byte character or a possible stop string
     * is still incomplete (they come with a later token).
     */
    void onToken(int token, String text);
}
