package io.cambium.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.cambium.Cambium;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding: cache and no cache agree, seeded sampling, the logits steps, stops and streaming. */
class GeneratorTest {
    /** Token i is the letter 'a' + i (26 tokens). */
    static String decode(int[] tokens) {
        StringBuilder b = new StringBuilder();
        for (int t : tokens) {
            b.append((char) ('a' + t));
        }
        return b.toString();
    }

    static Gpt model(GptConfig cfg) {
        Cambium.seed(5);
        return new Gpt(cfg.vocabSize(26).initStd(0.3));
    }

    @Test
    void greedyWithAndWithoutCacheAgreePastTheContext() {
        for (GptConfig cfg : List.of(new GptConfig().contextLength(24), GptConfig.preset("llama-tiny").contextLength(24))) {
            Gpt gpt = model(cfg);
            int[] prompt = {1, 2, 3, 4, 5};
            Generator g = new Generator(gpt);
            GenerationResult cached = g.generate(prompt, GenerationConfig.greedy().maxNewTokens(60).windowKeep(10));
            GenerationResult plain = g.generate(prompt, GenerationConfig.greedy().maxNewTokens(60).windowKeep(10)
                    .useCache(false));
            assertThat(cached.tokens()).hasSize(60).containsExactly(plain.tokens());
            assertThat(cached.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @Test
    void seededSamplingRepeats() {
        Gpt gpt = model(new GptConfig());
        Generator g = new Generator(gpt);
        int[] prompt = {0, 1};
        GenerationConfig c = new GenerationConfig().doSample(true).temperature(1.2).topK(10).topP(0.9).maxNewTokens(30);
        int[] a = g.generate(prompt, c.copy().seed(1)).tokens();
        int[] b = g.generate(prompt, c.copy().seed(1)).tokens();
        int[] d = g.generate(prompt, c.copy().seed(2)).tokens();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(d);
        // Greedy when sampling is off, or at temperature 0.
        int[] greedy = g.generate(prompt, GenerationConfig.greedy().maxNewTokens(30)).tokens();
        assertThat(g.generate(prompt, c.temperature(0).seed(3)).tokens()).containsExactly(greedy);
    }

    @Test
    void logitsStepsFollowHuggingFace() {
        float[] l = {1f, -2f, 3f, 0.5f};
        LogitsProcessors.repetitionPenalty(l, new int[] {0, 1, 0}, 3, 2.0);
        assertThat(l).containsExactly(0.5f, -4f, 3f, 0.5f);
        LogitsProcessors.temperature(l, 0.5);
        assertThat(l).containsExactly(1f, -8f, 6f, 1f);
        float[] k = {1f, 4f, 2f, 2f, 0f};
        LogitsProcessors.topK(k, 3);
        // The 3rd largest is 2: both 2s stay (ties at the boundary), 1 and 0 go.
        assertThat(k).containsExactly(Float.NEGATIVE_INFINITY, 4f, 2f, 2f, Float.NEGATIVE_INFINITY);
        // Probabilities 0.5, 0.3, 0.15, 0.05: top-p 0.8 keeps 0.5 and 0.3 (the rest sums to 0.2 <= 1 - 0.8).
        float[] p = {(float) Math.log(0.15), (float) Math.log(0.5), (float) Math.log(0.05), (float) Math.log(0.3)};
        LogitsProcessors.topP(p, 0.8);
        assertThat(p[0]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(p[2]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(p[1]).isFinite();
        assertThat(p[3]).isFinite();
        // A tiny top-p keeps the most likely token only.
        float[] q = {0f, 1f, 0.5f};
        LogitsProcessors.topP(q, 0.01);
        assertThat(q).containsExactly(Float.NEGATIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY);
    }

    @Test
    void samplesFollowTheSoftmax() {
        float[] logits = {0f, 1f, 2f, Float.NEGATIVE_INFINITY};
        double[] p = LogitsProcessors.softmax(logits);
        int[] counts = new int[4];
        Rng rng = new Rng(4);
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            counts[LogitsProcessors.sample(logits, rng)]++;
        }
        for (int i = 0; i < 3; i++) {
            assertThat(counts[i] / (double) n).as("token " + i).isCloseTo(p[i], offset(0.01));
        }
        assertThat(counts[3]).isZero();
    }

    @Test
    void stopsAtTokensAndStringsAndStreams() {
        Gpt gpt = model(new GptConfig());
        Generator g = new Generator(gpt, GeneratorTest::decode);
        int[] prompt = {3, 4};
        GenerationConfig base = new GenerationConfig().doSample(true).seed(9).topK(0).maxNewTokens(40);
        GenerationResult free = g.generate(prompt, base);
        String text = free.text();
        assertThat(text).hasSize(40).isEqualTo(decode(free.tokens()));
        // Stop at the token generated 6th: the output ends with it, the text without it.
        int stopToken = free.tokens()[5];
        int first = 0;
        while (free.tokens()[first] != stopToken) {
            first++;
        }
        GenerationResult st = g.generate(prompt, base.copy().stopTokens(stopToken));
        assertThat(st.finishReason()).isEqualTo(FinishReason.STOP_TOKEN);
        assertThat(st.tokens()).hasSize(first + 1);
        assertThat(st.text()).isEqualTo(text.substring(0, first));
        // A stop string made of generated characters 10..12: the text ends before it, streamed pieces add up to it.
        String stop = text.substring(10, 13);
        int at = text.indexOf(stop);
        List<String> pieces = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        GenerationResult ss = g.generate(prompt, base.copy().stopStrings(stop, "@@"), (t, piece) -> {
            tokens.add(t);
            pieces.add(piece);
        });
        assertThat(ss.finishReason()).isEqualTo(FinishReason.STOP_STRING);
        assertThat(ss.text()).isEqualTo(text.substring(0, at));
        assertThat(String.join("", pieces)).isEqualTo(ss.text());
        assertThat(tokens).hasSize(at + 3);
        assertThat(ss.tokens()).hasSize(at + 3);
    }

    @Test
    void rejectsBadPrompts() {
        Gpt gpt = model(new GptConfig().contextLength(8));
        Generator g = new Generator(gpt);
        assertThatThrownBy(() -> g.generate(new int[9], GenerationConfig.greedy()))
                .hasMessage("generate: the prompt has 9 tokens, more than the model's context of 8");
        assertThatThrownBy(() -> g.generate(new int[0], GenerationConfig.greedy())).hasMessageContaining("empty");
        assertThatThrownBy(() -> g.generate(new int[] {26}, GenerationConfig.greedy()))
                .hasMessageContaining("token 26 is outside the vocabulary of 26");
        assertThatThrownBy(() -> g.generate(new int[] {1}, GenerationConfig.greedy().stopStrings("x")))
                .hasMessageContaining("stop strings need a decoder");
    }
}
