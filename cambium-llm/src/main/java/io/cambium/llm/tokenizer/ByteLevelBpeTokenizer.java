package io.cambium.llm.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Byte-level BPE as GPT-2 and Hugging Face's {@code ByteLevelBPETokenizer}: added tokens are cut
 * out first, the rest is split by {@link Gpt2PreTokenizer}, each piece's UTF-8 bytes become their
 * byte tokens, and the merges apply within the piece. Any text round-trips, since every byte has a
 * token. Merged pieces are cached per thread, so repeated words cost one hash lookup.
 *
 * <p>Get one from {@link #gpt2()} (GPT-2's vocabulary, bundled), {@link Gpt2Files} (GPT-2's
 * original {@code encoder.json} + {@code vocab.bpe}), {@link Tokenizers#load} (Hugging Face's
 * {@code tokenizer.json}) or {@link BpeTrainer}. Instances are immutable and thread-safe.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {
    private static final int CACHE_LIMIT = 1 << 17;
    private static final int CACHE_MAX_PIECE = 256;

    private final String[] vocab;
    private final Map<String, Integer> ids;
    private final byte[][] idBytes;
    private final int[] byteIds;
    private final MergeTable merges;
    private final AddedVocabulary added;
    private final int vocabSize;
    private final boolean addPrefixSpace;
    private final boolean useRegex;
    private final boolean ignoreMerges;
    private final int unkId;
    private final ThreadLocal<Map<String, int[]>> cache = ThreadLocal.withInitial(HashMap::new);

    /**
     * A tokenizer over a vocabulary (token to id, tokens in byte-level characters) and merges
     * (pairs of tokens, earliest first).
     *
     * @param addedTokens tokens matched whole before BPE; their ids may be in {@code vocab} (with
     *     the same content) or beyond it
     * @param options the pre-tokenizer and model options of Hugging Face's file
     * @throws IllegalArgumentException when the vocabulary, the merges or the added tokens are inconsistent
     */
    public ByteLevelBpeTokenizer(Map<String, Integer> vocab, List<String[]> merges, List<AddedToken> addedTokens,
                                 Options options) {
        int size = 0;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            int id = e.getValue();
            if (id < 0 || id >= Tokenizers.MAX_VOCAB) {
                throw new IllegalArgumentException("BPE vocabulary: token '" + e.getKey() + "' has id " + id
                        + ", outside [0, " + Tokenizers.MAX_VOCAB + ")");
            }
            if (e.getKey().isEmpty()) {
                throw new IllegalArgumentException("BPE vocabulary: empty token (id " + id + ")");
            }
            size = Math.max(size, id + 1);
        }
        for (AddedToken t : addedTokens) {
            if (t.id() >= Tokenizers.MAX_VOCAB) {
                throw new IllegalArgumentException("added token '" + t.content() + "' has id " + t.id() + ", outside [0, "
                        + Tokenizers.MAX_VOCAB + ")");
            }
            size = Math.max(size, t.id() + 1);
        }
        if (size == 0) {
            throw new IllegalArgumentException("BPE vocabulary is empty");
        }
        this.vocabSize = size;
        this.vocab = new String[size];
        this.ids = new HashMap<>(vocab);
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            String before = this.vocab[e.getValue()];
            if (before != null) {
                throw new IllegalArgumentException("BPE vocabulary: tokens '" + before + "' and '" + e.getKey()
                        + "' share id " + e.getValue());
            }
            this.vocab[e.getValue()] = e.getKey();
        }
        for (AddedToken t : addedTokens) {
            String inVocab = this.vocab[t.id()];
            if (inVocab != null && !inVocab.equals(t.content())) {
                throw new IllegalArgumentException("added token '" + t.content() + "' has id " + t.id()
                        + ", which the vocabulary gives to '" + inVocab + "'");
            }
        }
        this.added = new AddedVocabulary(addedTokens);
        this.byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteLevel.charOf(b)));
            byteIds[b] = id == null ? -1 : id;
        }
        this.idBytes = new byte[size][];
        for (int id = 0; id < size; id++) {
            AddedToken a = added.byId(id);
            if (a != null) {
                idBytes[id] = a.content().getBytes(StandardCharsets.UTF_8);
            } else if (this.vocab[id] != null) {
                byte[] b = ByteLevel.decode(this.vocab[id]);
                // As Hugging Face's ByteLevel decoder: a token with characters outside the byte map is its own text.
                idBytes[id] = b != null ? b : this.vocab[id].getBytes(StandardCharsets.UTF_8);
            }
        }
        int n = merges.size();
        int[] left = new int[n];
        int[] right = new int[n];
        int[] result = new int[n];
        for (int r = 0; r < n; r++) {
            String[] m = merges.get(r);
            if (m.length != 2) {
                throw new IllegalArgumentException("BPE merge " + (r + 1) + " has " + m.length + " parts, expected 2");
            }
            Integer a = vocab.get(m[0]);
            Integer b = vocab.get(m[1]);
            if (a == null || b == null) {
                throw new IllegalArgumentException("BPE merge " + (r + 1) + " '" + m[0] + " " + m[1] + "': token '"
                        + (a == null ? m[0] : m[1]) + "' is not in the vocabulary");
            }
            Integer c = vocab.get(m[0] + m[1]);
            if (c == null) {
                throw new IllegalArgumentException("BPE merge " + (r + 1) + " '" + m[0] + " " + m[1] + "' makes '"
                        + m[0] + m[1] + "', which is not in the vocabulary");
            }
            left[r] = a;
            right[r] = b;
            result[r] = c;
        }
        this.merges = new MergeTable(left, right, result);
        this.addPrefixSpace = options.addPrefixSpace;
        this.useRegex = options.useRegex;
        this.ignoreMerges = options.ignoreMerges;
        if (options.unkToken != null) {
            Integer u = vocab.get(options.unkToken);
            if (u == null) {
                throw new IllegalArgumentException("BPE unk token '" + options.unkToken + "' is not in the vocabulary");
            }
            this.unkId = u;
        } else {
            this.unkId = -1;
        }
    }

    /** The options of Hugging Face's byte-level pre-tokenizer and BPE model that change ids. */
    public static final class Options {
        boolean addPrefixSpace;
        boolean useRegex = true;
        boolean ignoreMerges;
        String unkToken;

        /** Prepend a space to a text that does not start with one (RoBERTa-style; default false as GPT-2). */
        public Options addPrefixSpace(boolean on) {
            addPrefixSpace = on;
            return this;
        }

        /** Split with GPT-2's pattern before BPE (default true). */
        public Options useRegex(boolean on) {
            useRegex = on;
            return this;
        }

        /** A piece that is itself in the vocabulary becomes that token without merging (Llama 3; default false). */
        public Options ignoreMerges(boolean on) {
            ignoreMerges = on;
            return this;
        }

        /** The token a byte without a vocabulary entry becomes (default none: such a byte is an error). */
        public Options unkToken(String token) {
            unkToken = token;
            return this;
        }
    }

    /** GPT-2's tokenizer (50,257 ids, {@code <|endoftext|>} = 50256), from the vocabulary bundled with Cambium. */
    public static ByteLevelBpeTokenizer gpt2() {
        return Gpt2Files.bundled();
    }

    @Override
    public int[] encode(String text) {
        Map<String, int[]> c = cache.get();
        return added.encode(text, false, (t, start, end, out) -> encodeSegment(t, start, end, out, c));
    }

    @Override
    public int[] encodeOrdinary(String text) {
        Map<String, int[]> c = cache.get();
        return added.encode(text, true, (t, start, end, out) -> encodeSegment(t, start, end, out, c));
    }

    /**
     * Encodes a stretch without added tokens. As Hugging Face's ByteLevel pre-tokenizer, the
     * prefix space goes before each such stretch, not only before the text.
     */
    private void encodeSegment(String s, int start, int end, IntList out, Map<String, int[]> c) {
        if (addPrefixSpace && start < end && s.charAt(start) != ' ') {
            String p = " " + s.substring(start, end);
            encodeRange(p, 0, p.length(), out, c);
        } else {
            encodeRange(s, start, end, out, c);
        }
    }

    private void encodeRange(String s, int start, int end, IntList out, Map<String, int[]> c) {
        if (!useRegex) {
            if (start < end) {
                out.addAll(piece(s, start, end, c));
            }
            return;
        }
        for (int i = start; i < end; ) {
            int j = Gpt2PreTokenizer.next(s, i, end);
            char ch = s.charAt(i);
            if (j == i + 1 && ch < 0x80 && byteIds[ch] >= 0 && !ignoreMerges) {
                out.add(byteIds[ch]);
            } else {
                out.addAll(piece(s, i, j, c));
            }
            i = j;
        }
    }

    private int[] piece(String s, int start, int end, Map<String, int[]> c) {
        if (end - start > CACHE_MAX_PIECE) {
            return bpe(s, start, end); // rare, and not worth holding
        }
        String key = s.substring(start, end);
        int[] ids = c.get(key);
        if (ids == null) {
            ids = bpe(s, start, end);
            if (c.size() >= CACHE_LIMIT) {
                c.clear();
            }
            c.put(key, ids);
        }
        return ids;
    }

    /** The ids of one piece: its UTF-8 bytes as byte tokens, then the merges. */
    private int[] bpe(String s, int start, int end) {
        byte[] bytes = new byte[3 * (end - start)];
        int n = Utf8.encode(s, start, end, bytes);
        if (ignoreMerges) {
            Integer whole = ids.get(ByteLevel.encode(bytes, n));
            if (whole != null) {
                return new int[] {whole};
            }
        }
        int[] sym = new int[n];
        for (int k = 0; k < n; k++) {
            int id = byteIds[bytes[k] & 0xFF];
            if (id < 0) {
                if (unkId < 0) {
                    throw new IllegalArgumentException("BPE: byte 0x" + String.format("%02X", bytes[k] & 0xFF)
                            + " (in '" + s.substring(start, end) + "') has no token in the vocabulary and no unk token is set");
                }
                id = unkId;
            }
            sym[k] = id;
        }
        int m = merges.apply(sym, n);
        return m == n ? sym : java.util.Arrays.copyOf(sym, m);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        int total = 0;
        for (int id : ids) {
            total += bytesOf(id).length;
        }
        byte[] buf = new byte[total];
        int n = 0;
        for (int id : ids) {
            if (skipSpecialTokens) {
                AddedToken a = added.byId(id);
                if (a != null && a.special()) {
                    continue;
                }
            }
            byte[] b = idBytes[id];
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }
        return Utf8.decodeLenient(buf, n);
    }

    /** The bytes a token stands for (its UTF-8 text for added tokens). */
    public byte[] bytesOf(int id) {
        if (id < 0 || id >= vocabSize || idBytes[id] == null) {
            throw new IllegalArgumentException("BPE: id " + id + " is not in the vocabulary (size " + vocabSize + ")");
        }
        return idBytes[id];
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public Map<String, Integer> specialTokens() {
        return added.specialTokens();
    }

    /** Every added token (special or not), in the order of the file. */
    public List<AddedToken> addedTokens() {
        return added.tokens();
    }

    @Override
    public OptionalInt tokenToId(String token) {
        AddedToken a = added.byContent(token);
        if (a != null) {
            return OptionalInt.of(a.id());
        }
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String idToToken(int id) {
        if (id < 0 || id >= vocabSize || (vocab[id] == null && added.byId(id) == null)) {
            throw new IllegalArgumentException("BPE: id " + id + " is not in the vocabulary (size " + vocabSize + ")");
        }
        return vocab[id] != null ? vocab[id] : added.byId(id).content();
    }

    /** The model vocabulary (token to id), without added tokens that are not in it. */
    public Map<String, Integer> vocab() {
        return Collections.unmodifiableMap(ids);
    }

    /** The merges, earliest first, as pairs of tokens. */
    public List<String[]> merges() {
        List<String[]> out = new ArrayList<>(merges.size());
        for (int r = 0; r < merges.size(); r++) {
            out.add(new String[] {vocab[merges.left(r)], vocab[merges.right(r)]});
        }
        return out;
    }

    boolean addPrefixSpace() {
        return addPrefixSpace;
    }

    boolean useRegex() {
        return useRegex;
    }

    boolean ignoreMerges() {
        return ignoreMerges;
    }

    String unkToken() {
        return unkId < 0 ? null : vocab[unkId];
    }

    /** Saves as Hugging Face's {@code tokenizer.json}, atomically. */
    @Override
    public void save(Path file) throws IOException {
        JsonFiles.write(file, HuggingFaceJson.toJson(this));
    }
}
