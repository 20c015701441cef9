package io.cambium.llm.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassicalPoemsTest {
    @TempDir
    Path empty;

    @Test
    void tang300ExcerptParsesIntoTitleAuthorAndBody() {
        Corpus c = Corpora.poems("tang300", List.of(empty));
        assertThat(c.excerpt()).isTrue();
        assertThat(c.source()).contains("80 entries");
        assertThat(c.documents()).hasSize(80);
        List<Poem> poems = ClassicalPoems.parse(c.text());
        assertThat(poems).hasSize(80);
        Poem first = poems.get(0);
        assertThat(first.title()).isEqualTo("《感遇・其一》");
        assertThat(first.author()).isEqualTo("张九龄");
        assertThat(first.body()).containsExactly("兰叶春葳蕤，桂华秋皎洁。", "欣欣此生意，自尔为佳节。",
                "谁知林栖者，闻风坐相悦。", "草木有本心，何求美人折？");
        assertThat(c.text()).doesNotContain("\u001b").doesNotContain("%").startsWith("《感遇・其一》\n作者：张九龄\n兰叶");
    }

    @Test
    void song100HeadersAreNormalisedAndMultiPoemEntriesSplit() {
        Corpus c = Corpora.poems("song100", List.of(empty));
        List<Poem> poems = ClassicalPoems.parse(c.text());
        assertThat(poems.get(0).title()).isEqualTo("《塞上》");
        assertThat(poems.get(0).author()).isEqualTo("柳开");
        assertThat(poems).extracting(Poem::title).contains("《春居杂兴・其一》", "《春居杂兴・其二》");
        Poem part2 = poems.stream().filter(p -> p.title().equals("《春居杂兴・其二》")).findFirst().orElseThrow();
        assertThat(part2.author()).isEqualTo("王禹偁");
        assertThat(part2.body()).containsExactly("春云如兽复如禽，日照风吹浅又深。", "谁道无心便容与，亦同翻覆小人心。");
        assertThat(c.text()).doesNotContain("题目").doesNotContain("（９");
        for (Poem p : poems) {
            assertThat(p.body()).noneMatch(l -> l.startsWith("其") && l.length() <= 3);
        }
    }

    @Test
    void formatAndParseAreInverse() {
        List<Poem> poems = List.of(new Poem("《静夜思》", "李白", List.of("床前明月光，疑是地上霜。", "举头望明月，低头思故乡。")),
                new Poem("", "", List.of("无题无作者。")));
        assertThat(ClassicalPoems.parse(ClassicalPoems.format(poems))).isEqualTo(poems);
    }

    @Test
    void parsingGeneratedTextToleratesMissingHeadersAndNoise() {
        String sample = "《春晓》\n作者：孟浩然\n春眠不觉晓，处处闻啼鸟。\n\n\n作者：某\n\n山高月小，水落石出。\n《只有标题》\n";
        List<Poem> poems = ClassicalPoems.parse(sample);
        assertThat(poems).hasSize(2);
        assertThat(poems.get(1).title()).isEmpty();
        assertThat(poems.get(1).body()).containsExactly("山高月小，水落石出。", "《只有标题》");
    }

    @Test
    void entriesWithoutHeadersAreRejected() {
        assertThatThrownBy(() -> ClassicalPoems.fromFortuneEntries(List.of("《题》\n作者：甲\n诗。", "no title\nhere"), "x"))
                .hasMessageContaining("x: entry 2 does not start with a title line");
    }

    @Test
    void installedFileIsPreferredToTheExcerpt() throws Exception {
        Files.writeString(empty.resolve("tang300"), "\u001b[32m《静夜思》\u001b[m\n\u001b[33m作者：李白\u001b[m\n床前明月光，疑是地上霜。\n%\n");
        Corpus c = Corpora.poems("tang300", List.of(empty));
        assertThat(c.excerpt()).isFalse();
        assertThat(c.documents()).containsExactly("《静夜思》\n作者：李白\n床前明月光，疑是地上霜。");
    }
}
