package io.cambium.llm.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteLevelBpeTokenizerTest {
    @TempDir
    Path dir;

    @Test
    void randomUnicodeRoundTripsThroughGpt2() {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        Random r = new Random(15);
        for (int i = 0; i < 500; i++) {
            String s = RandomText.unicode(r, 1 + r.nextInt(120));
            assertThat(gpt2.decode(gpt2.encode(s))).as("text %s", s).isEqualTo(s);
            assertThat(gpt2.decode(gpt2.encodeOrdinary(s))).isEqualTo(s);
        }
    }

    @Test
    void controlCharactersCodeAndEmojiRoundTrip() {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        for (String s : new String[] {"\u0000\u0001\u001f\u007f\b\u001b[31m", "int main() {\n\treturn 0;\n}\n",
            "👨‍👩‍👧‍👦🏳️‍🌈🇨🇳", "𠀀𝔘\uDBFF\uDFFF", "", " ", "\r\n\r\n", "'s'S'll"}) {
            assertThat(gpt2.decode(gpt2.encode(s))).isEqualTo(s);
        }
    }

    @Test
    void loneSurrogatesBecomeTheReplacementCharacterAsInTheReference() {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        assertThat(gpt2.decode(gpt2.encode("a\uD800b"))).isEqualTo("a\uFFFDb");
        assertThat(gpt2.encode("\uD800")).containsExactly(gpt2.encode("\uFFFD"));
    }

    @Test
    void decodingPartsOfACharacterGivesReplacementCharacters() {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        int[] ids = gpt2.encode("😀");
        assertThat(ids.length).isGreaterThan(1);
        assertThat(gpt2.decode(new int[] {ids[0]})).contains("\uFFFD");
        assertThatThrownBy(() -> gpt2.decode(new int[] {50257})).hasMessageContaining("id 50257 is not in the vocabulary");
    }

    @Test
    void huggingFaceSaveAndLoadGiveTheSameIds() throws Exception {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        Path f = dir.resolve("tokenizer.json");
        gpt2.save(f);
        Tokenizer back = Tokenizers.load(f);
        assertThat(back).isInstanceOf(ByteLevelBpeTokenizer.class);
        assertThat(back.vocabSize()).isEqualTo(50257);
        assertThat(back.specialTokens()).isEqualTo(gpt2.specialTokens());
        for (Gpt2Fixtures.Line l : Gpt2Fixtures.lines()) {
            assertThat(back.encode(l.text())).containsExactly(l.ids());
        }
        String json = Files.readString(f);
        assertThat(json).contains("\"type\" : \"BPE\"").contains("\"type\" : \"ByteLevel\"").contains("\"Ġ t\"")
                .contains("\"content\" : \"<|endoftext|>\"");
    }

    @Test
    void mergesWrittenAsPairsAndAddedTokensOutsideTheVocabularyAreRead() throws Exception {
        String json = """
                {"version": "1.0", "added_tokens": [
                   {"id": 5, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
                 "normalizer": null,
                 "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
                 "post_processor": null, "decoder": {"type": "ByteLevel"},
                 "model": {"type": "BPE", "dropout": null, "unk_token": null, "vocab": {"a": 0, "b": 1, "ab": 2, "Ġ": 3, "Ġab": 4},
                           "merges": [["a", "b"], "Ġ ab"]}}
                """;
        Path f = dir.resolve("t.json");
        Files.writeString(f, json);
        Tokenizer t = Tokenizers.load(f);
        assertThat(t.vocabSize()).isEqualTo(6);
        assertThat(t.encode("ab<pad>")).containsExactly(4, 5); // the prefix space is added
        assertThat(t.encode("ab<pad>ab")).containsExactly(4, 5, 4); // before each stretch, as Hugging Face
        assertThat(t.encode("")).isEmpty();
        assertThat(t.decode(new int[] {4, 5}, true)).isEqualTo(" ab");
        assertThatThrownBy(() -> t.encode("c")).hasMessageContaining("byte 0x63").hasMessageContaining("no token");
        Path again = dir.resolve("again.json");
        t.save(again);
        assertThat(Tokenizers.load(again).encode("ab ab<pad>")).containsExactly(t.encode("ab ab<pad>"));
    }

    @Test
    void hostileOrUnsupportedTokenizerJsonIsRejectedWithMessages() throws Exception {
        String vocab = "\"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2}";
        assertRejected("{\"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": [\"a c\"]}}", "merge 1 'a c': token 'c' is not in the vocabulary");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1}, \"merges\": [\"a b\"]}}", "makes 'ab', which is not in the vocabulary");
        assertRejected("{\"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": [\"a b c\"]}}", "merges[0]: expected \"a b\"");
        assertRejected("{\"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": [7]}}", "merges[0]: expected");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 0}, \"merges\": []}}", "share id 0");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": -1}, \"merges\": []}}", "expected an id in [0, 16777216), got -1");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 2147483647}, \"merges\": []}}", "got 2147483647");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 1.5}, \"merges\": []}}", "got 1.5");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": \"0\"}, \"merges\": []}}", "got \"0\"");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": [], \"merges\": []}}", "field 'vocab' must be an object, got an array");
        assertRejected("{\"model\": {\"type\": \"BPE\", " + vocab + "}}", "missing field 'merges'");
        assertRejected("{\"model\": {\"type\": \"WordPiece\", " + vocab + ", \"merges\": []}}", "model type 'WordPiece' is not supported");
        assertRejected("{\"normalizer\": {\"type\": \"NFC\"}, \"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": []}}", "normalizer 'NFC' is not supported");
        assertRejected("{\"pre_tokenizer\": {\"type\": \"Whitespace\"}, \"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": []}}", "pre_tokenizer 'Whitespace' is not supported");
        assertRejected("{\"post_processor\": {\"type\": \"TemplateProcessing\"}, \"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": []}}", "post_processor 'TemplateProcessing' is not supported");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"dropout\": 0.1, " + vocab + ", \"merges\": []}}", "dropout 0.1 is not supported");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"continuing_subword_prefix\": \"##\", " + vocab + ", \"merges\": []}}", "continuing_subword_prefix '##'");
        assertRejected("{\"added_tokens\": [{\"id\": 0, \"content\": \"<s>\"}], \"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": []}}",
                "added token '<s>' has id 0, which the vocabulary gives to 'a'");
        assertRejected("{\"added_tokens\": [{\"id\": 9, \"content\": \"\"}], \"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": []}}", "content is empty");
        assertRejected("{\"added_tokens\": [{\"content\": \"x\"}], \"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": []}}", "added_tokens[0].id: expected an id");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}", "vocabulary is empty");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"unk_token\": \"<unk>\", " + vocab + ", \"merges\": []}}", "unk token '<unk>' is not in the vocabulary");
        assertRejected("{\"model\": " + "[".repeat(5000) + "]".repeat(5000) + "}", "not valid JSON");
        assertRejected("{\"model\": {\"type\": \"BPE\", " + vocab + ", \"merges\": [\"a b\"]", "not valid JSON: line 1");
        assertRejected("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"" + "x".repeat(2 << 20) + "\": 0}, \"merges\": []}}", "not valid JSON");
    }

    private void assertRejected(String json, String fragment) throws Exception {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, json);
        assertThatThrownBy(() -> Tokenizers.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining(fragment);
    }

    @Test
    void corruptGpt2FilesAreRejected() throws Exception {
        Files.writeString(dir.resolve("encoder.json"), "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        Files.writeString(dir.resolve("vocab.bpe"), "#version: 0.2\na b\nthis line has three\n");
        assertThatThrownBy(() -> Tokenizers.load(dir)).hasMessageContaining("vocab.bpe").hasMessageContaining("line 3");
        Files.writeString(dir.resolve("vocab.bpe"), "#version: 0.2\na b\n");
        assertThat(Tokenizers.load(dir).vocabSize()).isEqualTo(3);
        Files.delete(dir.resolve("vocab.bpe"));
        assertThatThrownBy(() -> Tokenizers.load(dir)).hasMessageContaining("holds neither tokenizer.json nor");
    }

    @Test
    void batchEncodingPadsWithEndOfText() {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        BatchEncoding b = gpt2.batchEncoder().padding(Padding.LONGEST).padToken("<|endoftext|>")
                .encode(List.of("Hello world", "Hi"));
        assertThat(b.inputIds()[0]).containsExactly(15496, 995);
        assertThat(b.inputIds()[1]).containsExactly(17250, 50256);
        assertThat(b.attentionMask()[1]).containsExactly(1, 0);
    }

    @Test
    void specialTokensMapIsInIdOrder() {
        ByteLevelBpeTokenizer t = new BpeTrainer().specialTokens("<b>", "<a>").train(List.of("text"));
        assertThat(t.specialTokens()).containsExactly(Map.entry("<b>", 0), Map.entry("<a>", 1));
        assertThat(ByteLevelBpeTokenizer.gpt2().specialTokens()).containsExactly(Map.entry("<|endoftext|>", 50256));
    }
}
