package io.cambium.llm.tokenizer;

/**
 * A token matched as a whole string before any other tokenization, with Hugging Face's options:
 * {@code singleWord} matches only when no word character touches it, {@code lstrip}/{@code rstrip}
 * make it swallow the whitespace on its left/right, {@code special} marks tokens that
 * {@code decode(ids, true)} leaves out. {@code normalized} is kept for the file format.
 */
public record AddedToken(String content, int id, boolean special, boolean singleWord, boolean lstrip,
                         boolean rstrip, boolean normalized) {

    public AddedToken {
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("added token: content must not be empty (id " + id + ")");
        }
        if (id < 0) {
            throw new IllegalArgumentException("added token '" + content + "': id must be >= 0, got " + id);
        }
    }

    /** A special token without options (as the {@code special_tokens} of a trainer). */
    public static AddedToken special(String content, int id) {
        return new AddedToken(content, id, true, false, false, false, false);
    }
}
