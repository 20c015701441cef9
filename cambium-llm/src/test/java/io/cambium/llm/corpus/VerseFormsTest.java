package io.cambium.llm.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerseFormsTest {
    @TempDir
    Path empty;

    @Test
    void clausesAreTheTextBetweenMarksOfTheBodyOnly() {
        Poem p = new Poem("《前赋，间半岁，不复省视。》", "某", List.of("床前明月光，疑是地上霜。", "举头望，明月！低头思故乡；余"));
        assertThat(VerseForms.clauses(p)).containsExactly("床前明月光", "疑是地上霜", "举头望", "明月", "低头思故乡");
        VerseForms.ClauseStats s = VerseForms.stats(List.of(p));
        assertThat(s.clauses()).isEqualTo(5);
        assertThat(s.fiveOrSeven()).isEqualTo(3);
        assertThat(s.fraction()).isEqualTo(0.6);
    }

    @Test
    void lineBreaksDoNotEndAClauseAndOnlyHanCharactersCount() {
        Poem p = new Poem("", "", List.of("春眠不觉", "晓，处处闻啼鸟 abc。"));
        assertThat(VerseForms.clauses(p)).containsExactly("春眠不觉晓", "处处闻啼鸟 abc");
        assertThat(VerseForms.stats(List.of(p)).fiveOrSeven()).isEqualTo(2);
        assertThat(VerseForms.stats(List.of()).fraction()).isZero();
    }

    @Test
    void theRealExcerptIsMostlyFiveAndSevenCharacterVerse() {
        List<Poem> poems = ClassicalPoems.parse(Corpora.poems("tang300", List.of(empty)).text());
        VerseForms.ClauseStats s = VerseForms.stats(poems);
        assertThat(s.poems()).isEqualTo(80);
        assertThat(s.fraction()).isGreaterThan(0.9);
    }
}
