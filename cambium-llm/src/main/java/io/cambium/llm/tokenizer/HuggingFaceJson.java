package io.cambium.llm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's {@code tokenizer.json} for byte-level BPE (GPT-2, RoBERTa-style vocabularies,
 * {@code ByteLevelBPETokenizer}): {@code model} of type {@code BPE} with {@code vocab} and
 * {@code merges} (as {@code "a b"} strings or {@code ["a", "b"]} pairs), a {@code ByteLevel}
 * pre-tokenizer and decoder, {@code added_tokens}. Parts that would change the ids and that Cambium
 * does not implement (normalizers, other pre-tokenizers, template post-processors, BPE dropout,
 * subword prefixes, byte fallback) are rejected by name rather than ignored.
 */
final class HuggingFaceJson {
    private HuggingFaceJson() {
    }

    static boolean looksLikeHuggingFace(JsonNode root) {
        return root.isObject() && root.has("model") && root.get("model").isObject();
    }

    static ByteLevelBpeTokenizer fromJson(JsonNode root, String where) {
        JsonNode model = JsonFiles.field(root, "model", JsonNodeType.OBJECT, where);
        String mw = where + ": model";
        JsonNode type = JsonFiles.optional(model, "type", JsonNodeType.STRING, mw);
        if (type != null && !type.textValue().equals("BPE")) {
            throw new IllegalArgumentException(where + ": model type '" + type.textValue()
                    + "' is not supported (Cambium reads byte-level BPE tokenizer.json files)");
        }
        JsonNode dropout = model.get("dropout");
        if (dropout != null && !dropout.isNull() && !(dropout.isNumber() && dropout.doubleValue() == 0)) {
            throw new IllegalArgumentException(mw + ": BPE dropout " + dropout + " is not supported");
        }
        for (String f : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            JsonNode n = JsonFiles.optional(model, f, JsonNodeType.STRING, mw);
            if (n != null && !n.textValue().isEmpty()) {
                throw new IllegalArgumentException(mw + ": " + f + " '" + n.textValue() + "' is not supported by byte-level BPE");
            }
        }
        if (JsonFiles.bool(model, "byte_fallback", false, mw)) {
            throw new IllegalArgumentException(mw + ": byte_fallback is not supported (it belongs to non-byte-level BPE)");
        }
        JsonNode vocabNode = JsonFiles.field(model, "vocab", JsonNodeType.OBJECT, mw);
        if (vocabNode.size() > Tokenizers.MAX_VOCAB) {
            throw new IllegalArgumentException(mw + ": vocabulary of " + vocabNode.size() + " tokens exceeds "
                    + Tokenizers.MAX_VOCAB);
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), JsonFiles.id(e.getValue(), Tokenizers.MAX_VOCAB, mw + ".vocab['" + e.getKey() + "']"));
        }
        JsonNode mergesNode = JsonFiles.field(model, "merges", JsonNodeType.ARRAY, mw);
        List<String[]> merges = new ArrayList<>(mergesNode.size());
        for (int i = 0; i < mergesNode.size(); i++) {
            JsonNode m = mergesNode.get(i);
            String[] pair;
            if (m.isTextual()) {
                pair = m.textValue().split(" ", -1);
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                pair = new String[] {m.get(0).textValue(), m.get(1).textValue()};
            } else {
                pair = null;
            }
            if (pair == null || pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new IllegalArgumentException(mw + ".merges[" + i + "]: expected \"a b\" or [\"a\", \"b\"], got "
                        + abbreviate(m.toString()));
            }
            merges.add(pair);
        }
        ByteLevelBpeTokenizer.Options options = new ByteLevelBpeTokenizer.Options()
                .ignoreMerges(JsonFiles.bool(model, "ignore_merges", false, mw));
        JsonNode unk = JsonFiles.optional(model, "unk_token", JsonNodeType.STRING, mw);
        if (unk != null) {
            options.unkToken(unk.textValue());
        }
        if (root.hasNonNull("normalizer")) {
            throw new IllegalArgumentException(where + ": normalizer " + typeOf(root.get("normalizer"))
                    + " is not supported (byte-level BPE files have none)");
        }
        JsonNode pre = root.get("pre_tokenizer");
        if (pre == null || pre.isNull()) {
            options.useRegex(false);
        } else {
            if (!isType(pre, "ByteLevel")) {
                throw new IllegalArgumentException(where + ": pre_tokenizer " + typeOf(pre) + " is not supported (expected ByteLevel)");
            }
            options.addPrefixSpace(JsonFiles.bool(pre, "add_prefix_space", false, where + ": pre_tokenizer"));
            options.useRegex(JsonFiles.bool(pre, "use_regex", true, where + ": pre_tokenizer"));
        }
        JsonNode dec = root.get("decoder");
        if (dec != null && !dec.isNull() && !isType(dec, "ByteLevel")) {
            throw new IllegalArgumentException(where + ": decoder " + typeOf(dec) + " is not supported (expected ByteLevel)");
        }
        JsonNode post = root.get("post_processor");
        if (post != null && !post.isNull() && !isType(post, "ByteLevel")) {
            throw new IllegalArgumentException(where + ": post_processor " + typeOf(post)
                    + " is not supported (expected ByteLevel or none)");
        }
        List<AddedToken> added = new ArrayList<>();
        JsonNode addedNode = JsonFiles.optional(root, "added_tokens", JsonNodeType.ARRAY, where);
        if (addedNode != null) {
            for (int i = 0; i < addedNode.size(); i++) {
                JsonNode a = addedNode.get(i);
                String aw = where + ": added_tokens[" + i + "]";
                if (!a.isObject()) {
                    throw new IllegalArgumentException(aw + " must be an object, got " + a.getNodeType());
                }
                int id = JsonFiles.id(a.get("id"), Tokenizers.MAX_VOCAB, aw + ".id");
                String content = JsonFiles.text(a, "content", aw);
                if (content.isEmpty()) {
                    throw new IllegalArgumentException(aw + ": content is empty");
                }
                added.add(new AddedToken(content, id, JsonFiles.bool(a, "special", false, aw),
                        JsonFiles.bool(a, "single_word", false, aw), JsonFiles.bool(a, "lstrip", false, aw),
                        JsonFiles.bool(a, "rstrip", false, aw), JsonFiles.bool(a, "normalized", false, aw)));
            }
        }
        try {
            return new ByteLevelBpeTokenizer(vocab, merges, added, options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static boolean isType(JsonNode n, String type) {
        JsonNode t = n.get("type");
        return t != null && t.isTextual() && t.textValue().equals(type);
    }

    private static String typeOf(JsonNode n) {
        JsonNode t = n.get("type");
        return t != null && t.isTextual() ? "'" + t.textValue() + "'" : abbreviate(n.toString());
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    static Map<String, Object> toJson(ByteLevelBpeTokenizer t) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        List<Map<String, Object>> added = new ArrayList<>();
        for (AddedToken a : t.addedTokens()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("content", a.content());
            m.put("single_word", a.singleWord());
            m.put("lstrip", a.lstrip());
            m.put("rstrip", a.rstrip());
            m.put("normalized", a.normalized());
            m.put("special", a.special());
            added.add(m);
        }
        root.put("added_tokens", added);
        root.put("normalizer", null);
        root.put("pre_tokenizer", t.useRegex() || t.addPrefixSpace() ? byteLevel(t.addPrefixSpace(), true, t.useRegex()) : null);
        root.put("post_processor", byteLevel(true, false, true));
        root.put("decoder", byteLevel(true, true, true));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", t.unkToken());
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", t.ignoreMerges());
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(t.vocab().entrySet());
        entries.sort(Map.Entry.comparingByValue());
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : entries) {
            vocab.put(e.getKey(), e.getValue());
        }
        model.put("vocab", vocab);
        List<String[]> merges = t.merges();
        boolean spaces = merges.stream().anyMatch(m -> m[0].contains(" ") || m[1].contains(" "));
        List<Object> out = new ArrayList<>(merges.size());
        for (String[] m : merges) {
            out.add(spaces ? List.of(m[0], m[1]) : m[0] + " " + m[1]);
        }
        model.put("merges", out);
        root.put("model", model);
        return root;
    }

    private static Map<String, Object> byteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "ByteLevel");
        m.put("add_prefix_space", addPrefixSpace);
        m.put("trim_offsets", trimOffsets);
        m.put("use_regex", useRegex);
        return m;
    }
}
