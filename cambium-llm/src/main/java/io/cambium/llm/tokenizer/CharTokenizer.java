package io.cambium.llm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One token per Unicode character (code point), the usual tokenizer for character-level models
 * such as a poetry model over Chinese text: every Han character is a token of its own. Special
 * tokens come first in the vocabulary; characters that were not in the training corpus become the
 * unknown token if one is set, and are an error otherwise. Build one with {@link #trainer()}.
 */
public final class CharTokenizer implements Tokenizer {
    /** The {@code "type"} written in the tokenizer file. */
    public static final String TYPE = "CharTokenizer";
    static final int FORMAT_VERSION = 1;

    private final String[] vocab;
    private final int[] bmpIds;
    private final Map<Integer, Integer> otherIds;
    private final AddedVocabulary added;
    private final String unkToken;
    private final int unkId;

    /**
     * A tokenizer over an explicit vocabulary: id {@code i} is {@code vocab.get(i)}.
     *
     * @param vocab every entry is one character or one of {@code specialTokens}; no duplicates
     * @param specialTokens entries of {@code vocab} matched as whole strings
     * @param unkToken the special token unknown characters become, or null to reject them
     * @throws IllegalArgumentException when the vocabulary breaks these rules
     */
    public CharTokenizer(List<String> vocab, Collection<String> specialTokens, String unkToken) {
        if (vocab.isEmpty()) {
            throw new IllegalArgumentException("CharTokenizer: the vocabulary is empty");
        }
        if (vocab.size() > Tokenizers.MAX_VOCAB) {
            throw new IllegalArgumentException("CharTokenizer: vocabulary of " + vocab.size() + " entries exceeds "
                    + Tokenizers.MAX_VOCAB);
        }
        LinkedHashSet<String> specials = new LinkedHashSet<>(specialTokens);
        if (unkToken != null && !specials.contains(unkToken)) {
            throw new IllegalArgumentException("CharTokenizer: unk token '" + unkToken + "' is not one of the special tokens "
                    + specials);
        }
        this.vocab = vocab.toArray(new String[0]);
        this.bmpIds = new int[65536];
        Arrays.fill(bmpIds, -1);
        this.otherIds = new HashMap<>();
        List<AddedToken> addedTokens = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int id = 0; id < this.vocab.length; id++) {
            String t = this.vocab[id];
            if (t == null || t.isEmpty()) {
                throw new IllegalArgumentException("CharTokenizer: vocabulary entry " + id + " is empty");
            }
            Integer before = seen.put(t, id);
            if (before != null) {
                throw new IllegalArgumentException("CharTokenizer: '" + t + "' appears twice in the vocabulary (ids "
                        + before + " and " + id + ")");
            }
            if (specials.contains(t)) {
                addedTokens.add(AddedToken.special(t, id));
            } else if (t.codePointCount(0, t.length()) != 1) {
                throw new IllegalArgumentException("CharTokenizer: vocabulary entry " + id + " '" + t
                        + "' is neither one character nor a special token");
            } else {
                int cp = t.codePointAt(0);
                if (cp < 65536) {
                    bmpIds[cp] = id;
                } else {
                    otherIds.put(cp, id);
                }
            }
        }
        for (String s : specials) {
            if (!seen.containsKey(s)) {
                throw new IllegalArgumentException("CharTokenizer: special token '" + s + "' is not in the vocabulary");
            }
        }
        this.added = new AddedVocabulary(addedTokens);
        this.unkToken = unkToken;
        this.unkId = unkToken == null ? -1 : seen.get(unkToken);
    }

    /** A trainer that builds the vocabulary from a corpus. */
    public static CharTokenizerTrainer trainer() {
        return new CharTokenizerTrainer();
    }

    /** The unknown token, or null when unknown characters are rejected. */
    public String unkToken() {
        return unkToken;
    }

    /** The id of a character, or -1 when it is not in the vocabulary. */
    public int charId(int codePoint) {
        if (codePoint >= 0 && codePoint < 65536) {
            return bmpIds[codePoint];
        }
        Integer id = otherIds.get(codePoint);
        return id == null ? -1 : id;
    }

    @Override
    public int[] encode(String text) {
        return added.encode(text, false, this::encodePlain);
    }

    @Override
    public int[] encodeOrdinary(String text) {
        return added.encode(text, true, this::encodePlain);
    }

    private void encodePlain(String text, int start, int end, IntList out) {
        for (int i = start; i < end; ) {
            int cp = text.codePointAt(i);
            int id = charId(cp);
            if (id < 0) {
                if (unkId < 0) {
                    throw new IllegalArgumentException("CharTokenizer: character '" + new String(Character.toChars(cp))
                            + "' (U+" + String.format("%04X", cp) + ") at index " + i
                            + " is not in the vocabulary, and no unk token is set");
                }
                id = unkId;
            }
            out.add(id);
            i += Character.charCount(cp);
        }
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            String t = idToToken(id);
            if (skipSpecialTokens && added.byId(id) != null) {
                continue;
            }
            sb.append(t);
        }
        return sb.toString();
    }

    @Override
    public int vocabSize() {
        return vocab.length;
    }

    @Override
    public Map<String, Integer> specialTokens() {
        return added.specialTokens();
    }

    @Override
    public OptionalInt tokenToId(String token) {
        AddedToken a = added.byContent(token);
        if (a != null) {
            return OptionalInt.of(a.id());
        }
        if (token.isEmpty() || token.codePointCount(0, token.length()) != 1) {
            return OptionalInt.empty();
        }
        int id = charId(token.codePointAt(0));
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String idToToken(int id) {
        if (id < 0 || id >= vocab.length) {
            throw new IllegalArgumentException("CharTokenizer: id " + id + " is outside the vocabulary [0, "
                    + vocab.length + ")");
        }
        return vocab[id];
    }

    @Override
    public void save(Path file) throws IOException {
        JsonFiles.write(file, toJson());
    }

    Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", TYPE);
        root.put("version", FORMAT_VERSION);
        root.put("unk_token", unkToken);
        root.put("special_tokens", new ArrayList<>(added.specialTokens().keySet()));
        root.put("vocab", Arrays.asList(vocab));
        return root;
    }

    /** Reads the JSON written by {@link #save}; {@code where} names the file in messages. */
    static CharTokenizer fromJson(JsonNode root, String where) {
        int version = JsonFiles.id(JsonFiles.field(root, "version", JsonNodeType.NUMBER, where), Integer.MAX_VALUE,
                where + ": version");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(where + ": CharTokenizer file version " + version
                    + " is not supported (expected " + FORMAT_VERSION + ")");
        }
        JsonNode vocabNode = JsonFiles.field(root, "vocab", JsonNodeType.ARRAY, where);
        if (vocabNode.size() > Tokenizers.MAX_VOCAB) {
            throw new IllegalArgumentException(where + ": vocabulary of " + vocabNode.size() + " entries exceeds "
                    + Tokenizers.MAX_VOCAB);
        }
        List<String> vocab = strings(vocabNode, where + ": vocab");
        JsonNode specialsNode = JsonFiles.optional(root, "special_tokens", JsonNodeType.ARRAY, where);
        List<String> specials = specialsNode == null ? List.of() : strings(specialsNode, where + ": special_tokens");
        JsonNode unk = JsonFiles.optional(root, "unk_token", JsonNodeType.STRING, where);
        try {
            return new CharTokenizer(vocab, specials, unk == null ? null : unk.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array, String where) {
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            if (!n.isTextual()) {
                throw new IllegalArgumentException(where + "[" + i + "] must be a string, got " + n.getNodeType());
            }
            out.add(n.textValue());
        }
        return out;
    }
}
