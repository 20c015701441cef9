package io.cambium.llm.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Trains a {@link ByteLevelBpeTokenizer} as Hugging Face's {@code ByteLevelBPETokenizer.train}
 * does: the special tokens take ids 0, 1, ..., then the 256 byte characters in code point order,
 * then one token per merge. Each step merges the most frequent adjacent pair over the
 * pre-tokenized corpus (ties: the pair of smaller ids), until the vocabulary has
 * {@code vocabSize} tokens or the best pair occurs fewer than {@code minFrequency} times.
 * Special-token strings in the corpus are cut out before counting.
 *
 * <pre>{@code
 * ByteLevelBpeTokenizer tok = new BpeTrainer().vocabSize(8000).minFrequency(2)
 *         .specialTokens("<|endoftext|>").trainFiles(List.of(Path.of("corpus.txt")));
 * }</pre>
 */
public final class BpeTrainer {
    private int vocabSize = 30000;
    private int minFrequency = 2;
    private final List<String> specialTokens = new ArrayList<>();
    private boolean addPrefixSpace;

    /** Target vocabulary size, special tokens and the 256 bytes included (default 30,000). */
    public BpeTrainer vocabSize(int n) {
        if (n < 1 || n > Tokenizers.MAX_VOCAB) {
            throw new IllegalArgumentException("BpeTrainer: vocabSize must be in [1, " + Tokenizers.MAX_VOCAB + "], got " + n);
        }
        this.vocabSize = n;
        return this;
    }

    /** A pair must occur at least this often to be merged (default 2, as {@code ByteLevelBPETokenizer.train}). */
    public BpeTrainer minFrequency(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("BpeTrainer: minFrequency must be >= 0, got " + n);
        }
        this.minFrequency = n;
        return this;
    }

    /** Special tokens, given the first ids in this order. */
    public BpeTrainer specialTokens(String... tokens) {
        specialTokens.clear();
        specialTokens.addAll(SpecialTokenList.of("BpeTrainer", tokens));
        return this;
    }

    /** Prepend a space to each text that does not start with one (default false). */
    public BpeTrainer addPrefixSpace(boolean on) {
        this.addPrefixSpace = on;
        return this;
    }

    /**
     * Trains on UTF-8 files, read line by line with the line breaks kept (as Hugging Face's
     * {@code train(files)}).
     *
     * @throws IllegalArgumentException when no file is given, a file is missing or not UTF-8, or the corpus is empty
     */
    public ByteLevelBpeTokenizer trainFiles(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("BpeTrainer: no training files given");
        }
        WordCounter counter = new WordCounter();
        for (Path f : files) {
            long line = 1;
            try (var in = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    buf.write(b);
                    if (b == '\n') {
                        counter.add(Utf8.decode(buf.toByteArray(), "BpeTrainer: training file " + f + " line " + line));
                        buf.reset();
                        line++;
                    }
                }
                if (buf.size() > 0) {
                    counter.add(Utf8.decode(buf.toByteArray(), "BpeTrainer: training file " + f + " line " + line));
                }
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("BpeTrainer: training file not found: " + f, e);
            } catch (IOException e) {
                throw new UncheckedIOException("BpeTrainer: training file " + f + ": " + e.getMessage(), e);
            }
        }
        return train(counter);
    }

    /**
     * Trains on texts, each pre-tokenized on its own.
     *
     * @throws IllegalArgumentException when the corpus is empty
     */
    public ByteLevelBpeTokenizer train(Iterable<String> texts) {
        WordCounter counter = new WordCounter();
        for (String t : texts) {
            counter.add(t);
        }
        return train(counter);
    }

    /** Counts the byte-level pieces of the corpus. */
    private final class WordCounter {
        final Map<String, long[]> counts = new HashMap<>();
        final AddedVocabulary specials;
        private byte[] buf = new byte[16];

        WordCounter() {
            List<AddedToken> a = new ArrayList<>();
            for (int i = 0; i < specialTokens.size(); i++) {
                a.add(AddedToken.special(specialTokens.get(i), i));
            }
            specials = new AddedVocabulary(a);
        }

        void add(String text) {
            specials.split(text, new AddedVocabulary.Sink() {
                @Override
                public void text(int start, int end) {
                    // As the tokenizer: the prefix space goes before each stretch between special tokens.
                    if (addPrefixSpace && text.charAt(start) != ' ') {
                        String p = " " + text.substring(start, end);
                        count(p, 0, p.length());
                    } else {
                        count(text, start, end);
                    }
                }

                @Override
                public void token(int id) {
                }
            });
        }

        private void count(String s, int start, int end) {
            for (int i = start; i < end; ) {
                int j = Gpt2PreTokenizer.next(s, i, end);
                if (buf.length < 3 * (j - i)) {
                    buf = new byte[3 * (j - i)];
                }
                int n = Utf8.encode(s, i, j, buf);
                counts.computeIfAbsent(ByteLevel.encode(buf, n), k -> new long[1])[0]++;
                i = j;
            }
        }
    }

    private ByteLevelBpeTokenizer train(WordCounter counter) {
        if (counter.counts.isEmpty()) {
            throw new IllegalArgumentException("BpeTrainer: the training corpus is empty (no text besides special tokens)");
        }
        List<String> idToToken = new ArrayList<>(specialTokens);
        Map<String, Integer> tokenToId = new HashMap<>();
        for (int i = 0; i < specialTokens.size(); i++) {
            tokenToId.put(specialTokens.get(i), i);
        }
        char[] alphabet = ByteLevel.alphabet();
        Arrays.sort(alphabet);
        for (char c : alphabet) {
            String t = String.valueOf(c);
            if (!tokenToId.containsKey(t)) {
                tokenToId.put(t, idToToken.size());
                idToToken.add(t);
            }
        }
        // Words as symbol ids, with their counts.
        int nWords = counter.counts.size();
        int[][] words = new int[nWords][];
        long[] counts = new long[nWords];
        int w = 0;
        for (Map.Entry<String, long[]> e : counter.counts.entrySet()) {
            String word = e.getKey();
            int[] sym = new int[word.length()];
            for (int i = 0; i < sym.length; i++) {
                sym[i] = tokenToId.get(String.valueOf(word.charAt(i)));
            }
            words[w] = sym;
            counts[w] = e.getValue()[0];
            w++;
        }
        Map<Long, long[]> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int i = 0; i < nWords; i++) {
            int[] s = words[i];
            for (int k = 0; k + 1 < s.length; k++) {
                long p = pair(s[k], s[k + 1]);
                pairCounts.computeIfAbsent(p, x -> new long[1])[0] += counts[i];
                where.computeIfAbsent(p, x -> new HashSet<>()).add(i);
            }
        }
        // Max-heap on count, then on the smaller pair (Hugging Face's Merge ordering).
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1])
                : Long.compare(a[0], b[0]));
        for (Map.Entry<Long, long[]> e : pairCounts.entrySet()) {
            if (e.getValue()[0] > 0) {
                queue.add(new long[] {e.getKey(), e.getValue()[0]});
            }
        }
        List<String[]> merges = new ArrayList<>();
        while (idToToken.size() < vocabSize && !queue.isEmpty()) {
            long[] top = queue.poll();
            long current = pairCounts.get(top[0])[0];
            if (top[1] != current) {
                top[1] = current;
                queue.add(top);
                continue;
            }
            if (top[1] < 1 || top[1] < minFrequency) {
                break;
            }
            int a = (int) (top[0] >>> 32);
            int b = (int) top[0];
            String merged = idToToken.get(a) + idToToken.get(b);
            Integer newId = tokenToId.get(merged);
            if (newId == null) {
                newId = idToToken.size();
                idToToken.add(merged);
                tokenToId.put(merged, newId);
            }
            merges.add(new String[] {idToToken.get(a), idToToken.get(b)});
            Set<Integer> positions = where.remove(top[0]);
            Map<Long, Set<Integer>> changed = new LinkedHashMap<>();
            if (positions != null) {
                for (int wi : positions) {
                    words[wi] = merge(words[wi], a, b, newId, wi, counts[wi], pairCounts, changed);
                }
            }
            // Every occurrence is merged now; occurrences formed again later count from zero.
            pairCounts.get(top[0])[0] = 0;
            changed.remove(top[0]);
            for (Map.Entry<Long, Set<Integer>> e : changed.entrySet()) {
                where.computeIfAbsent(e.getKey(), x -> new HashSet<>()).addAll(e.getValue());
                long c = pairCounts.get(e.getKey())[0];
                if (c > 0) {
                    queue.add(new long[] {e.getKey(), c});
                }
            }
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < idToToken.size(); i++) {
            vocab.put(idToToken.get(i), i);
        }
        List<AddedToken> added = new ArrayList<>();
        for (int i = 0; i < specialTokens.size(); i++) {
            added.add(new AddedToken(specialTokens.get(i), i, true, false, false, false, false));
        }
        return new ByteLevelBpeTokenizer(vocab, merges, added,
                new ByteLevelBpeTokenizer.Options().addPrefixSpace(addPrefixSpace));
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /**
     * Merges every (a, b) of a word from left to right and updates the pair counts by the word's
     * count (Hugging Face's {@code Word::merge}); pairs that gained occurrences go to {@code changed}.
     */
    private static int[] merge(int[] s, int a, int b, int m, int wordIndex, long count, Map<Long, long[]> pairCounts,
                               Map<Long, Set<Integer>> changed) {
        int[] out = new int[s.length];
        int n = 0;
        int i = 0;
        while (i < s.length) {
            if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                if (n > 0) {
                    int prev = out[n - 1];
                    add(pairCounts, pair(prev, a), -count);
                    add(pairCounts, pair(prev, m), count);
                    changed.computeIfAbsent(pair(prev, m), x -> new HashSet<>()).add(wordIndex);
                }
                if (i + 2 < s.length) {
                    int next = s[i + 2];
                    add(pairCounts, pair(b, next), -count);
                    add(pairCounts, pair(m, next), count);
                    changed.computeIfAbsent(pair(m, next), x -> new HashSet<>()).add(wordIndex);
                }
                out[n++] = m;
                i += 2;
            } else {
                out[n++] = s[i++];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static void add(Map<Long, long[]> counts, long p, long delta) {
        counts.computeIfAbsent(p, x -> new long[1])[0] += delta;
    }
}
