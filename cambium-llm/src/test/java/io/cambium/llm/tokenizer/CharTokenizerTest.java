package io.cambium.llm.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CharTokenizerTest {
    @TempDir
    Path dir;

    private static final String POEM = "《静夜思》\n作者：李白\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n";

    @Test
    void vocabularyIsSpecialsThenCharactersInCodePointOrder() {
        CharTokenizer t = CharTokenizer.trainer().specialTokens("<eos>").unkToken("<unk>").train(List.of("bca", "ab"));
        assertThat(t.vocabSize()).isEqualTo(5);
        assertThat(t.idToToken(0)).isEqualTo("<eos>");
        assertThat(t.idToToken(1)).isEqualTo("<unk>");
        assertThat(t.idToToken(2)).isEqualTo("a");
        assertThat(t.idToToken(4)).isEqualTo("c");
        assertThat(t.specialTokens()).containsExactly(java.util.Map.entry("<eos>", 0), java.util.Map.entry("<unk>", 1));
        assertThat(t.encode("cab")).containsExactly(4, 2, 3);
    }

    @Test
    void chinesePoemRoundTripsAndEveryHanCharacterIsOneToken() {
        CharTokenizer t = CharTokenizer.trainer().train(List.of(POEM));
        int[] ids = t.encode(POEM);
        assertThat(ids).hasSize(POEM.codePointCount(0, POEM.length()));
        assertThat(t.decode(ids)).isEqualTo(POEM);
    }

    @Test
    void specialTokensInTextBecomeTheirIdsUnlessOrdinary() {
        CharTokenizer t = CharTokenizer.trainer().specialTokens("<eos>").train(List.of("ab<eos>", "<>eos"));
        int eos = t.specialTokenId("<eos>");
        assertThat(t.encode("a<eos>b")).containsExactly(t.charId('a'), eos, t.charId('b'));
        assertThat(t.encodeOrdinary("a<eos>")).hasSize(6).doesNotContain(eos);
        assertThat(t.decode(t.encode("a<eos>b"), true)).isEqualTo("ab");
        assertThat(t.decode(t.encode("a<eos>b"), false)).isEqualTo("a<eos>b");
    }

    @Test
    void specialTokensInTheCorpusAreNotCountedAsCharacters() {
        CharTokenizer t = CharTokenizer.trainer().specialTokens("<s>").train(List.of("<s>ab<s>"));
        assertThat(t.vocabSize()).isEqualTo(3);
        assertThat(t.tokenToId("s")).isEmpty();
    }

    @Test
    void unknownCharactersBecomeUnkOrAreRejectedWithThePosition() {
        CharTokenizer withUnk = CharTokenizer.trainer().unkToken("<unk>").train(List.of("abc"));
        assertThat(withUnk.encode("axb")).containsExactly(1, 0, 2);
        assertThat(withUnk.decode(withUnk.encode("axb"))).isEqualTo("a<unk>b");
        CharTokenizer strict = CharTokenizer.trainer().train(List.of("abc"));
        assertThatThrownBy(() -> strict.encode("ab\uD83D\uDE00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+1F600").hasMessageContaining("index 2").hasMessageContaining("no unk token");
    }

    @Test
    void minFrequencyDropsRareCharacters() {
        CharTokenizer t = CharTokenizer.trainer().unkToken("<unk>").minFrequency(2).train(List.of("aab"));
        assertThat(t.vocabSize()).isEqualTo(2);
        assertThat(t.encode("b")).containsExactly(0);
    }

    @Test
    void emptyCorpusAndUnknownIdsAreErrors() {
        assertThatThrownBy(() -> CharTokenizer.trainer().train(List.of("", "")))
                .hasMessageContaining("corpus is empty");
        assertThatThrownBy(() -> CharTokenizer.trainer().specialTokens("<s>").train(List.of("<s><s>")))
                .hasMessageContaining("corpus is empty");
        assertThatThrownBy(() -> CharTokenizer.trainer().trainFiles(List.of(dir.resolve("missing.txt"))))
                .hasMessageContaining("text file not found");
        CharTokenizer t = CharTokenizer.trainer().train(List.of("ab"));
        assertThatThrownBy(() -> t.decode(new int[] {0, 2})).hasMessageContaining("id 2 is outside the vocabulary [0, 2)");
        assertThatThrownBy(() -> t.decode(new int[] {-1})).hasMessageContaining("id -1");
    }

    @Test
    void nonUtf8TrainingFileIsRejectedWithTheOffset() throws Exception {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, new byte[] {'a', 'b', (byte) 0xE9, 'c'});
        assertThatThrownBy(() -> CharTokenizer.trainer().trainFiles(List.of(f)))
                .hasMessageContaining("latin1.txt").hasMessageContaining("not valid UTF-8").hasMessageContaining("offset 2");
    }

    @Test
    void randomUnicodeRoundTripsThroughTheTrainedVocabulary() {
        Random r = new Random(15);
        for (int trial = 0; trial < 50; trial++) {
            String s = RandomText.unicode(r, 200);
            CharTokenizer t = CharTokenizer.trainer().train(List.of(s));
            assertThat(t.decode(t.encode(s))).isEqualTo(s);
            assertThat(t.encode(s)).hasSize(s.codePointCount(0, s.length()));
        }
    }

    @Test
    void saveAndLoadGiveTheSameIds() throws Exception {
        CharTokenizer t = CharTokenizer.trainer().specialTokens("<eos>", "<pad>").unkToken("<unk>")
                .train(List.of(POEM, "\u0000\u0007\t\r\n \uD83C\uDF38 \"quoted\" \\"));
        Path f = dir.resolve("char.json");
        t.save(f);
        Tokenizer back = Tokenizers.load(f);
        assertThat(back).isInstanceOf(CharTokenizer.class);
        assertThat(back.vocabSize()).isEqualTo(t.vocabSize());
        assertThat(back.specialTokens()).isEqualTo(t.specialTokens());
        String probe = POEM + "<eos>\u0007\uD83C\uDF38?";
        assertThat(back.encode(probe)).containsExactly(t.encode(probe));
        assertThat(((CharTokenizer) back).unkToken()).isEqualTo("<unk>");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("char.json");
        }
    }

    @Test
    void hostileFilesAreRejectedWithMessages() throws Exception {
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1, \"vocab\": [\"a\", \"a\"]}", "appears twice");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1, \"vocab\": [\"ab\"]}", "neither one character");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1, \"vocab\": [\"a\", 7]}", "vocab[1] must be a string");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1, \"vocab\": {}}", "field 'vocab' must be an array");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 2, \"vocab\": [\"a\"]}", "version 2 is not supported");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1, \"vocab\": [\"a\"], \"unk_token\": \"<unk>\"}",
                "unk token '<unk>' is not one of the special tokens");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1, \"vocab\": [\"a\"], \"special_tokens\": [\"<s>\"]}",
                "special token '<s>' is not in the vocabulary");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1, \"vocab\": []}", "vocabulary is empty");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1, \"vocab\": [\"a\",", "not valid JSON: line 1");
        assertRejected("[1, 2]", "expected a JSON object");
        assertRejected("{\"type\": \"Bogus\"}", "not a tokenizer this version reads");
        assertRejected("", "is empty");
        assertRejected("[".repeat(100_000), "not valid JSON");
        assertRejected("{\"type\": \"CharTokenizer\", \"version\": 1" + "9".repeat(5000) + "}", "not valid JSON");
        assertThatThrownBy(() -> Tokenizers.load(dir.resolve("none.json"))).hasMessageContaining("tokenizer file not found");
    }

    private void assertRejected(String json, String fragment) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        assertThatThrownBy(() -> Tokenizers.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(fragment);
    }
}
