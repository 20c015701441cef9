package io.cambium.data.augment;

import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Easy Data Augmentation for text (Wei and Zou, 2019): synonym replacement, random insertion,
 * random swap and random deletion on a list of words. Synonyms come from a map the caller supplies.
 * Every method returns a new list and leaves its input unchanged.
 */
public final class TextAugment {
    private final Map<String, List<String>> synonyms;

    /** Uses {@code synonyms} (word to alternatives) for replacement and insertion. */
    public TextAugment(Map<String, List<String>> synonyms) {
        this.synonyms = Map.copyOf(synonyms);
    }

    /** Replaces up to {@code n} distinct words that have synonyms by a random synonym each. */
    public List<String> synonymReplacement(List<String> words, int n, Rng rng) {
        List<String> out = new ArrayList<>(words);
        int[] order = rng.permutation(words.size());
        int replaced = 0;
        for (int k = 0; k < order.length && replaced < n; k++) {
            List<String> alt = alternatives(words.get(order[k]));
            if (!alt.isEmpty()) {
                out.set(order[k], alt.get(rng.nextInt(alt.size())));
                replaced++;
            }
        }
        return out;
    }

    /** {@code n} times: inserts a synonym of a random word (that has one) at a random position. */
    public List<String> randomInsertion(List<String> words, int n, Rng rng) {
        List<String> out = new ArrayList<>(words);
        for (int i = 0; i < n; i++) {
            List<String> candidates = new ArrayList<>();
            for (String w : out) {
                if (!alternatives(w).isEmpty()) {
                    candidates.add(w);
                }
            }
            if (candidates.isEmpty()) {
                break;
            }
            List<String> alt = alternatives(candidates.get(rng.nextInt(candidates.size())));
            out.add(rng.nextInt(out.size() + 1), alt.get(rng.nextInt(alt.size())));
        }
        return out;
    }

    /** {@code n} times: swaps two random positions. */
    public static List<String> randomSwap(List<String> words, int n, Rng rng) {
        List<String> out = new ArrayList<>(words);
        if (out.size() < 2) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(out.size());
            int b = rng.nextInt(out.size() - 1);
            if (b >= a) {
                b++;
            }
            String t = out.get(a);
            out.set(a, out.get(b));
            out.set(b, t);
        }
        return out;
    }

    /** Deletes each word with probability {@code p}; keeps one random word if all would go. */
    public static List<String> randomDeletion(List<String> words, double p, Rng rng) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("randomDeletion: p must be in [0, 1], got " + p);
        }
        if (words.size() <= 1) {
            return new ArrayList<>(words);
        }
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (!rng.nextBoolean(p)) {
                out.add(w);
            }
        }
        if (out.isEmpty()) {
            out.add(words.get(rng.nextInt(words.size())));
        }
        return out;
    }

    /**
     * One EDA variant of a whitespace-tokenized sentence: picks one of the four operations at random,
     * changing about {@code alpha} of the words (at least one).
     */
    public String augment(String sentence, double alpha, Rng rng) {
        List<String> words = new ArrayList<>(Arrays.asList(sentence.trim().split("\\s+")));
        int n = Math.max(1, (int) Math.round(alpha * words.size()));
        List<String> out = switch (rng.nextInt(4)) {
            case 0 -> synonymReplacement(words, n, rng);
            case 1 -> randomInsertion(words, n, rng);
            case 2 -> randomSwap(words, n, rng);
            default -> randomDeletion(words, alpha, rng);
        };
        return String.join(" ", out);
    }

    private List<String> alternatives(String word) {
        List<String> alt = synonyms.get(word);
        return alt == null ? List.of() : alt;
    }
}
