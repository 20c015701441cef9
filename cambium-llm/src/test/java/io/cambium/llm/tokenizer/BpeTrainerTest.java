package io.cambium.llm.tokenizer;

import io.cambium.llm.corpus.Corpora;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BpeTrainerTest {
    @TempDir
    Path dir;

    @Test
    void mergesTheMostFrequentPairFirst() {
        // Pieces: "ab", "Ġab" x2 -> (a,b) occurs 3 times, (Ġ,a) twice.
        ByteLevelBpeTokenizer t = new BpeTrainer().vocabSize(1000).minFrequency(2).train(List.of("ab ab ab"));
        assertThat(t.merges()).extracting(m -> m[0] + " " + m[1]).containsExactly("a b", "Ġ ab");
        assertThat(t.vocabSize()).isEqualTo(258);
        assertThat(t.encode("ab ab")).containsExactly(256, 257);
        assertThat(t.idToToken(0)).isEqualTo("!"); // the byte alphabet in code point order
    }

    @Test
    void tiesGoToThePairOfSmallerIdsAndMinFrequencyStops() {
        ByteLevelBpeTokenizer t = new BpeTrainer().minFrequency(1).train(List.of("cd", "ab"));
        // (a,b) and (c,d) both occur once; a < c, so (a,b) is merged first.
        assertThat(t.merges()).extracting(m -> m[0] + " " + m[1]).containsExactly("a b", "c d");
        ByteLevelBpeTokenizer strict = new BpeTrainer().minFrequency(2).train(List.of("cd", "ab"));
        assertThat(strict.merges()).isEmpty();
    }

    @Test
    void specialTokensComeFirstAndAreNeverMerged() {
        ByteLevelBpeTokenizer t = new BpeTrainer().specialTokens("<|endoftext|>", "<pad>").minFrequency(1)
                .train(List.of("xy<|endoftext|>xy<|endoftext|>xy"));
        assertThat(t.specialTokens()).containsEntry("<|endoftext|>", 0).containsEntry("<pad>", 1);
        assertThat(t.merges()).extracting(m -> m[0] + " " + m[1]).containsExactly("x y");
        assertThat(t.encode("xy<|endoftext|>")).containsExactly(258, 0);
    }

    @Test
    void vocabularySizeIsReachedOnARealCorpusAndEverythingRoundTrips() throws Exception {
        String english = Corpora.englishFortunes(List.of(dir)).text("\n");
        String poems = Corpora.poems("tang300", List.of(dir)).text();
        Path f1 = dir.resolve("en.txt");
        Path f2 = dir.resolve("zh.txt");
        Files.writeString(f1, english);
        Files.writeString(f2, poems);
        ByteLevelBpeTokenizer t = new BpeTrainer().vocabSize(1000).minFrequency(2).specialTokens("<|endoftext|>")
                .trainFiles(List.of(f1, f2));
        assertThat(t.vocabSize()).isEqualTo(1000);
        assertThat(t.merges()).hasSize(1000 - 257);
        int[] ids = t.encode(english);
        assertThat(t.decode(ids)).isEqualTo(english);
        assertThat(ids.length).isLessThan(english.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 2);
        assertThat(t.decode(t.encode(poems))).isEqualTo(poems);
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            String s = RandomText.unicode(r, 50);
            assertThat(t.decode(t.encode(s))).isEqualTo(s);
        }
        Path saved = dir.resolve("tok.json");
        t.save(saved);
        Tokenizer back = Tokenizers.load(saved);
        assertThat(back.encode(english)).containsExactly(ids);
        ByteLevelBpeTokenizer again = new BpeTrainer().vocabSize(1000).minFrequency(2).specialTokens("<|endoftext|>")
                .trainFiles(List.of(f1, f2));
        assertThat(again.merges()).usingRecursiveFieldByFieldElementComparator().isEqualTo(t.merges());
    }

    @Test
    void badCorporaAreReported() throws Exception {
        assertThatThrownBy(() -> new BpeTrainer().train(List.of())).hasMessageContaining("training corpus is empty");
        assertThatThrownBy(() -> new BpeTrainer().specialTokens("<s>").train(List.of("<s>", "")))
                .hasMessageContaining("training corpus is empty");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> new BpeTrainer().trainFiles(List.of(empty))).hasMessageContaining("training corpus is empty");
        assertThatThrownBy(() -> new BpeTrainer().trainFiles(List.of(dir.resolve("nope.txt"))))
                .hasMessageContaining("training file not found");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'a', '\n', 'b', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> new BpeTrainer().trainFiles(List.of(latin1))).hasMessageContaining("latin1.txt")
                .hasMessageContaining("line 2 is not valid UTF-8");
        assertThatThrownBy(() -> new BpeTrainer().vocabSize(0)).hasMessageContaining("vocabSize must be in");
    }
}
