package io.cambium.llm.data;

import io.cambium.llm.corpus.ClassicalPoems;
import io.cambium.llm.corpus.Corpora;
import io.cambium.llm.corpus.VerseForms;
import io.cambium.llm.tokenizer.CharTokenizer;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The poetry pipeline of the module README, as written there. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void poetryCorpusEndToEnd() throws Exception {
        Path file = dir.resolve("poems.tok");
        List<String> poems = new ArrayList<>(Corpora.classicalPoetry().documents());
        Collections.shuffle(poems, new Random(0));
        CharTokenizer tok = CharTokenizer.trainer().specialTokens("<eos>").train(poems);
        TokenFile.encode(file, tok, poems, tok.specialTokenId("<eos>"));
        TokenDataset.Split split = TokenDataset.open(file).split(0.1);
        TokenBatch batch = split.train().randomBatch(32, 128, new Rng(42));

        assertThat(batch.xTensor().shape()).containsExactly(32, 128);
        String corpus = String.join("<eos>", poems) + "<eos>";
        for (int row = 0; row < 32; row++) {
            int[] window = java.util.Arrays.copyOfRange(batch.x(), row * 128, row * 128 + 128);
            assertThat(corpus).contains(tok.decode(window));
        }
        List<String> samples = List.of(poems.get(0), poems.get(1));
        VerseForms.ClauseStats stats = VerseForms.stats(ClassicalPoems.parse(String.join("\n\n", samples)));
        assertThat(stats.poems()).isEqualTo(2);
        assertThat(stats.clauses()).isPositive();
    }
}
