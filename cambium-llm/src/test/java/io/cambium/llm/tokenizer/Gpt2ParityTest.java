package io.cambium.llm.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** GPT-2's ids, checked line by line against the reference encoder's output. */
class Gpt2ParityTest {
    @TempDir
    Path dir;

    static List<String> regexSplit(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Gpt2PreTokenizer.PATTERN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void fixturesCoverTheRequiredKindsOfText() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Gpt2Fixtures.Line l : Gpt2Fixtures.lines()) {
            kinds.merge(l.kind(), 1, Integer::sum);
        }
        assertThat(Gpt2Fixtures.lines()).hasSizeGreaterThanOrEqualTo(2000);
        assertThat(kinds).containsKeys("english", "chinese", "code", "numbers", "whitespace", "emoji");
        assertThat(kinds.values()).allMatch(n -> n >= 5);
    }

    @Test
    void everyFixtureLineEncodesToTheReferenceIdsAndDecodesBack() {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        assertThat(gpt2.vocabSize()).isEqualTo(50257);
        int checked = 0;
        for (Gpt2Fixtures.Line l : Gpt2Fixtures.lines()) {
            assertThat(gpt2.encode(l.text())).as("%s line %s", l.kind(), l.text()).containsExactly(l.ids());
            assertThat(gpt2.decode(l.ids())).as("%s line %s", l.kind(), l.text()).isEqualTo(l.text());
            checked++;
        }
        assertThat(checked).isEqualTo(Gpt2Fixtures.lines().size());
    }

    @Test
    void theScannerSplitsAsTheReferenceRegexAndAsTheSameRegexInJava() {
        for (Gpt2Fixtures.Line l : Gpt2Fixtures.lines()) {
            List<String> pieces = Gpt2PreTokenizer.split(l.text());
            assertThat(pieces).as("%s line %s", l.kind(), l.text()).isEqualTo(l.pre());
            assertThat(regexSplit(l.text())).as("java regex on %s", l.text()).isEqualTo(l.pre());
        }
    }

    @Test
    void theScannerEqualsTheRegexOnRandomText() {
        java.util.Random r = new java.util.Random(2);
        for (int i = 0; i < 3000; i++) {
            String s = RandomText.unicode(r, 1 + r.nextInt(60));
            assertThat(Gpt2PreTokenizer.split(s)).as("text %s", s).isEqualTo(regexSplit(s));
        }
    }

    @Test
    void originalEncoderJsonAndVocabBpeFilesGiveTheSameIds() throws Exception {
        for (String name : new String[] {"encoder.json", "vocab.bpe"}) {
            try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("gpt2/" + name + ".gz"))) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        Tokenizer fromFiles = Tokenizers.load(dir);
        ByteLevelBpeTokenizer bundled = ByteLevelBpeTokenizer.gpt2();
        assertThat(fromFiles.vocabSize()).isEqualTo(50257);
        assertThat(fromFiles.specialTokens()).containsExactly(Map.entry("<|endoftext|>", 50256));
        for (Gpt2Fixtures.Line l : Gpt2Fixtures.lines().subList(0, 300)) {
            assertThat(fromFiles.encode(l.text())).containsExactly(l.ids());
        }
        assertThat(bundled.merges()).hasSize(50000);
    }

    @Test
    void endOfTextIsSpecialInEncodeAndPlainInEncodeOrdinary() {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        assertThat(gpt2.encode("a<|endoftext|>b")).containsExactly(64, 50256, 65);
        assertThat(gpt2.encodeOrdinary("<|endoftext|>")).hasSizeGreaterThan(1).doesNotContain(50256);
        assertThat(gpt2.decode(new int[] {64, 50256, 65})).isEqualTo("a<|endoftext|>b");
        assertThat(gpt2.decode(new int[] {64, 50256, 65}, true)).isEqualTo("ab");
        assertThat(gpt2.idToToken(50256)).isEqualTo("<|endoftext|>");
        assertThat(gpt2.idToToken(220)).isEqualTo("Ġ");
        assertThat(gpt2.tokenToId("Ġthe")).hasValue(262);
    }
}
