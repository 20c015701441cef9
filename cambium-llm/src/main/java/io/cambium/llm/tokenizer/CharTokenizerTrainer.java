package io.cambium.llm.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link CharTokenizer} from a corpus: the special tokens first, in the order given, then
 * every character seen at least {@code minFrequency} times, in code point order (so the same corpus
 * always gives the same ids). Special-token strings in the corpus are not counted as characters.
 *
 * <pre>{@code
 * CharTokenizer tok = CharTokenizer.trainer().specialTokens("<eos>").unkToken("<unk>").train(List.of(text));
 * }</pre>
 */
public final class CharTokenizerTrainer {
    private final List<String> specialTokens = new ArrayList<>();
    private String unkToken;
    private int minFrequency = 1;

    CharTokenizerTrainer() {
    }

    /** Special tokens, given ids 0, 1, ... in this order (an unk token set apart is added after them). */
    public CharTokenizerTrainer specialTokens(String... tokens) {
        specialTokens.clear();
        specialTokens.addAll(SpecialTokenList.of("CharTokenizer", tokens));
        return this;
    }

    /** The token unknown characters become; null (the default) makes them an error. */
    public CharTokenizerTrainer unkToken(String token) {
        if (token != null && token.isEmpty()) {
            throw new IllegalArgumentException("CharTokenizer: the unk token must not be empty");
        }
        this.unkToken = token;
        return this;
    }

    /** Characters seen fewer times than this are left out of the vocabulary (default 1). */
    public CharTokenizerTrainer minFrequency(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("CharTokenizer: minFrequency must be >= 1, got " + n);
        }
        this.minFrequency = n;
        return this;
    }

    /**
     * A tokenizer over the characters of {@code texts}.
     *
     * @throws IllegalArgumentException when the corpus holds no character (after special tokens)
     */
    public CharTokenizer train(Iterable<? extends CharSequence> texts) {
        List<String> specials = new ArrayList<>(specialTokens);
        if (unkToken != null && !specials.contains(unkToken)) {
            specials.add(unkToken);
        }
        List<AddedToken> added = new ArrayList<>();
        for (int i = 0; i < specials.size(); i++) {
            added.add(AddedToken.special(specials.get(i), i));
        }
        AddedVocabulary av = new AddedVocabulary(added);
        long[] bmp = new long[65536];
        Map<Integer, long[]> other = new HashMap<>();
        for (CharSequence cs : texts) {
            String s = cs.toString();
            av.split(s, new AddedVocabulary.Sink() {
                @Override
                public void text(int start, int end) {
                    for (int i = start; i < end; ) {
                        int cp = s.codePointAt(i);
                        if (cp < 65536) {
                            bmp[cp]++;
                        } else {
                            other.computeIfAbsent(cp, k -> new long[1])[0]++;
                        }
                        i += Character.charCount(cp);
                    }
                }

                @Override
                public void token(int id) {
                }
            });
        }
        TreeMap<Integer, Long> counts = new TreeMap<>();
        for (int cp = 0; cp < 65536; cp++) {
            if (bmp[cp] > 0) {
                counts.put(cp, bmp[cp]);
            }
        }
        other.forEach((cp, c) -> counts.put(cp, c[0]));
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("CharTokenizer: the corpus is empty (no characters to build a vocabulary from)");
        }
        List<String> vocab = new ArrayList<>(specials);
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            String ch = new String(Character.toChars(e.getKey()));
            if (e.getValue() >= minFrequency && !specials.contains(ch)) {
                vocab.add(ch);
            }
        }
        if (vocab.size() == specials.size()) {
            throw new IllegalArgumentException("CharTokenizer: no character occurs at least minFrequency=" + minFrequency
                    + " times in the corpus");
        }
        return new CharTokenizer(vocab, specials, unkToken);
    }

    /**
     * A tokenizer over the characters of UTF-8 files.
     *
     * @throws IllegalArgumentException when a file is missing or not UTF-8, or the files hold no character
     */
    public CharTokenizer trainFiles(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("CharTokenizer: no training files given");
        }
        List<String> texts = new ArrayList<>();
        for (Path f : files) {
            texts.add(Utf8.readFile(f));
        }
        return train(texts);
    }
}
