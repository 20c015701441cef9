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
     * The tokenizer in {@code file}: Hugging Face's {@code tokenizer.json} (byte-level BPE), a
     * {@link CharTokenizer} file, or a directory holding GPT-2's {@code encoder.json} and
     * {@code vocab.bpe}.
     *
     * @throws IllegalArgumentException when the file is missing, malformed or of an unknown kind;
     *     the message names the file and what is wrong
     */
    public static Tokenizer load(Path file) {
        if (java.nio.file.Files.isDirectory(file)) {
            Path enc = file.resolve("encoder.json");
            Path bpe = file.resolve("vocab.bpe");
            if (java.nio.file.Files.isRegularFile(file.resolve("tokenizer.json"))) {
                return load(file.resolve("tokenizer.json"));
            }
            if (!java.nio.file.Files.isRegularFile(enc) || !java.nio.file.Files.isRegularFile(bpe)) {
                throw new IllegalArgumentException("tokenizer directory " + file
                        + " holds neither tokenizer.json nor GPT-2's encoder.json and vocab.bpe");
            }
            return Gpt2Files.load(enc, bpe);
        }
        String where = "tokenizer file " + file;
        JsonNode root = JsonFiles.read(file, "tokenizer file");
        if (!root.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object, got " + root.getNodeType());
        }
        if (HuggingFaceJson.looksLikeHuggingFace(root)) {
            return HuggingFaceJson.fromJson(root, where);
        }
        JsonNode type = root.get("type");
        if (type != null && type.isTextual() && type.textValue().equals(CharTokenizer.TYPE)) {
            return CharTokenizer.fromJson(root, where);
        }
        throw new IllegalArgumentException(where + ": not a tokenizer this version reads (expected Hugging Face's"
                + " tokenizer.json with a \"model\", or a \"type\": \"" + CharTokenizer.TYPE + "\" file)");
    }
}
