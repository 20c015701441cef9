package io.cambium.cli.llm;

import io.cambium.llm.corpus.ClassicalPoems;
import io.cambium.llm.corpus.Poem;
import io.cambium.llm.corpus.VerseForms;
import io.cambium.llm.generate.GenerationConfig;
import io.cambium.llm.generate.Generator;
import io.cambium.llm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples classical poems from a model trained on the poetry corpus form (a 《title》 line, an
 * author line, the body, a blank line between poems): each sample starts at 《 and ends at the
 * first blank line. {@link #measure} tallies the verse clauses of the samples' bodies
 * ({@link VerseForms}: the share with exactly 5 or 7 Han characters, titles and authors excluded).
 */
public final class PoemSampler {
    /** The first character of a poem in the corpus form. */
    public static final String START = "《";

    private PoemSampler() {
    }

    /** The samples and their clause tally. */
    public record Samples(List<String> texts, List<Poem> poems, VerseForms.ClauseStats stats) {
    }

    /**
     * {@code n} poems sampled with seeds {@code seed, seed + 1, ...} at {@code temperature} with
     * top-k {@code topK} (0: none), at most {@code maxTokens} tokens each.
     */
    public static Samples sample(LoadedLm lm, int n, long seed, double temperature, int topK, int maxTokens) {
        Tokenizer tok = lm.tokenizer();
        Generator g = new Generator(lm.model(), ids -> tok.decode(ids, true));
        int[] prompt = tok.encode(START);
        List<String> texts = new ArrayList<>();
        List<Poem> poems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GenerationConfig c = new GenerationConfig().doSample(true).temperature(temperature).topK(topK)
                    .maxNewTokens(maxTokens).stopStrings("\n\n").seed(seed + i);
            String text = START + g.generate(prompt, c).text();
            texts.add(text.strip());
            poems.addAll(ClassicalPoems.parse(text));
        }
        return new Samples(texts, poems, VerseForms.stats(poems));
    }
}
