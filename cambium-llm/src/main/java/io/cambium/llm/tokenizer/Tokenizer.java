package io.cambium.llm.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Turns text into token ids and back. Ids run from 0 to {@link #vocabSize()} - 1. Special tokens
 * (such as {@code <|endoftext|>}) written literally in the text are recognised by {@link #encode}
 * and become their own ids, as Hugging Face tokenizers do; {@link #encodeOrdinary} reads them as
 * plain text instead.
 */
public interface Tokenizer {

    /** The ids of {@code text}; special-token strings in the text become their ids. */
    int[] encode(String text);

    /** The ids of {@code text}, treating special-token strings as ordinary text. */
    int[] encodeOrdinary(String text);

    /**
     * The text of {@code ids}, special tokens included.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * The text of {@code ids}; with {@code skipSpecialTokens} the special tokens are left out.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** Number of ids: one more than the largest id. */
    int vocabSize();

    /** The special tokens, content to id, in id order. */
    Map<String, Integer> specialTokens();

    /** The id of a token written in the vocabulary's own form (a character, a BPE symbol, a special token). */
    OptionalInt tokenToId(String token);

    /**
     * The vocabulary's form of one id (for byte-level BPE, the byte-to-unicode string such as
     * {@code "Ġthe"}).
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    String idToToken(int id);

    /**
     * The id of a special token.
     *
     * @throws IllegalArgumentException when the tokenizer has no such special token
     */
    default int specialTokenId(String token) {
        Integer id = specialTokens().get(token);
        if (id == null) {
            throw new IllegalArgumentException("tokenizer has no special token '" + token + "' (special tokens: "
                    + specialTokens().keySet() + ")");
        }
        return id;
    }

    /** Saves the tokenizer as one JSON file, atomically; {@link Tokenizers#load} reads it back. */
    void save(Path file) throws IOException;

    /** A batch encoder over this tokenizer (padding, truncation, attention masks). */
    default BatchEncoder batchEncoder() {
        return new BatchEncoder(this);
    }
}
