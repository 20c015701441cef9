package io.cambium.llm.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The added (special) tokens of a tokenizer and the first tokenization step: cutting a text into
 * plain stretches and added tokens, leftmost match first and the longest on a tie, with each
 * token's single-word and strip options applied as Hugging Face's {@code AddedVocabulary} does.
 */
public final class AddedVocabulary {
    /** Receives the pieces of a text in order. */
    public interface Sink {
        /** A stretch {@code [start, end)} of the text that holds no added token. */
        void text(int start, int end);

        /** An added token's id. */
        void token(int id);
    }

    private final AddedToken[] tokens;
    private final Map<String, AddedToken> byContent;
    private final Map<Integer, AddedToken> byId;

    /**
     * @throws IllegalArgumentException when two tokens share a content or an id
     */
    public AddedVocabulary(List<AddedToken> tokens) {
        this.tokens = tokens.toArray(new AddedToken[0]);
        Map<String, AddedToken> c = new HashMap<>();
        Map<Integer, AddedToken> i = new HashMap<>();
        for (AddedToken t : this.tokens) {
            if (c.put(t.content(), t) != null) {
                throw new IllegalArgumentException("added token '" + t.content() + "' is listed twice");
            }
            if (i.put(t.id(), t) != null) {
                throw new IllegalArgumentException("added tokens '" + t.content() + "' and '" + i.get(t.id()).content()
                        + "' share id " + t.id());
            }
        }
        this.byContent = c;
        this.byId = i;
    }

    /** No added tokens. */
    public static AddedVocabulary empty() {
        return new AddedVocabulary(List.of());
    }

    /** The tokens in the order given. */
    public List<AddedToken> tokens() {
        return Collections.unmodifiableList(Arrays.asList(tokens));
    }

    public boolean isEmpty() {
        return tokens.length == 0;
    }

    /** The token with this id, or null. */
    public AddedToken byId(int id) {
        return byId.get(id);
    }

    /** The token with this content, or null. */
    public AddedToken byContent(String content) {
        return byContent.get(content);
    }

    /** The special tokens, content to id, in id order. */
    public Map<String, Integer> specialTokens() {
        List<AddedToken> sorted = new ArrayList<>();
        for (AddedToken t : tokens) {
            if (t.special()) {
                sorted.add(t);
            }
        }
        sorted.sort((a, b) -> Integer.compare(a.id(), b.id()));
        Map<String, Integer> m = new LinkedHashMap<>();
        for (AddedToken t : sorted) {
            m.put(t.content(), t.id());
        }
        return Collections.unmodifiableMap(m);
    }

    /** Encodes a stretch {@code [start, end)} of a text that holds no added token. */
    @FunctionalInterface
    interface PlainEncoder {
        void encode(String text, int start, int end, IntList out);
    }

    /**
     * The ids of a text: each added token as its id, the stretches between them by {@code plain};
     * with {@code ordinary} the whole text is plain.
     */
    int[] encode(String text, boolean ordinary, PlainEncoder plain) {
        IntList out = new IntList(text.length() / 2 + 4);
        if (ordinary || tokens.length == 0) {
            plain.encode(text, 0, text.length(), out);
            return out.toArray();
        }
        split(text, new Sink() {
            @Override
            public void text(int start, int end) {
                plain.encode(text, start, end, out);
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        });
        return out.toArray();
    }

    /** Cuts {@code text} into plain stretches and added tokens, in order. */
    public void split(String text, Sink sink) {
        int n = text.length();
        if (tokens.length == 0) {
            if (n > 0) {
                sink.text(0, n);
            }
            return;
        }
        int[] next = new int[tokens.length];
        Arrays.fill(next, -2); // -2: not searched yet, -1: no further occurrence
        int emitted = 0; // text before this index has been handed to the sink
        int from = 0;    // where the next search starts
        while (from <= n) {
            int best = -1;
            int bestStart = Integer.MAX_VALUE;
            for (int t = 0; t < tokens.length; t++) {
                if (next[t] == -1) {
                    continue;
                }
                if (next[t] < from) {
                    next[t] = text.indexOf(tokens[t].content(), from);
                    if (next[t] < 0) {
                        next[t] = -1;
                        continue;
                    }
                }
                int s = next[t];
                if (s < bestStart || (s == bestStart && tokens[t].content().length() > tokens[best].content().length())) {
                    best = t;
                    bestStart = s;
                }
            }
            if (best < 0) {
                break;
            }
            AddedToken tok = tokens[best];
            int start = bestStart;
            int stop = start + tok.content().length();
            // A skipped match is consumed, as in the reference's non-overlapping match iterator.
            from = stop;
            if (tok.singleWord() && ((start > 0 && isWordChar(Character.codePointBefore(text, start)))
                    || (stop < n && isWordChar(text.codePointAt(stop))))) {
                continue;
            }
            if (tok.lstrip()) {
                while (start > emitted && isWhiteSpace(Character.codePointBefore(text, start))) {
                    start -= Character.charCount(Character.codePointBefore(text, start));
                }
            }
            if (tok.rstrip()) {
                while (stop < n && isWhiteSpace(text.codePointAt(stop))) {
                    stop += Character.charCount(text.codePointAt(stop));
                }
                from = stop;
            }
            if (emitted < start) {
                sink.text(emitted, start);
            }
            sink.token(tok.id());
            emitted = stop;
        }
        if (emitted < n) {
            sink.text(emitted, n);
        }
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }

    /** Unicode's White_Space property (Rust's {@code char::is_whitespace}). */
    static boolean isWhiteSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }
}
