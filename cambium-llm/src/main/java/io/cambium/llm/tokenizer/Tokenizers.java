package io.cambium.llm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/** Loads any tokenizer file this package writes or reads. */
public final class Tokenizers {
    /** Largest vocabulary accepted (ids stay exact in a float32 tensor). */
    public static final int MAX_VOCAB = 1 << 24;

    private Tokenizers() {
    }

    /**
     * The tokenizer in {@code file}: a {@link CharTokenizer} file.
     *
     * @throws IllegalArgumentException when the file is missing, malformed or of an unknown kind;
     *     the message names the file and what is wrong
     */
    public static Tokenizer load(Path file) {
        String where = "tokenizer file " + file;
        JsonNode root = JsonFiles.read(file, "tokenizer file");
        if (!root.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object, got " + root.getNodeType());
        }
        JsonNode type = root.get("type");
        if (type != null && type.isTextual() && type.textValue().equals(CharTokenizer.TYPE)) {
            return CharTokenizer.fromJson(root, where);
        }
        throw new IllegalArgumentException(where + ": not a tokenizer this version reads (expected a \"type\": \""
                + CharTokenizer.TYPE + "\" file)");
    }
}
