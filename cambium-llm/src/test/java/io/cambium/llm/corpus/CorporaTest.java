package io.cambium.llm.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CorporaTest {
    @TempDir
    Path empty;

    @Test
    void englishExcerptIsCleanFortunes() {
        Corpus c = Corpora.englishFortunes(List.of(empty));
        assertThat(c.excerpt()).isTrue();
        assertThat(c.documents()).hasSizeGreaterThan(400);
        assertThat(c.text("\n")).doesNotContain("\b").doesNotContain("\u001b").doesNotContainPattern("(?m)^%$");
    }

    @Test
    void installedPackagesAreReadWhole() {
        Path fortunes = Path.of("/usr/share/games/fortunes");
        assumeTrue(Files.isRegularFile(fortunes.resolve("tang300")) && Files.isRegularFile(fortunes.resolve("song100")),
                "fortunes-zh is not installed");
        Corpus poetry = Corpora.poems("tang300", List.of(fortunes)).concat(Corpora.poems("song100", List.of(fortunes)));
        assertThat(poetry.excerpt()).isFalse();
        assertThat(poetry.documents()).hasSizeGreaterThan(390);
        assertThat(poetry.text()).doesNotContain("\u001b");
        assumeTrue(Files.isRegularFile(fortunes.resolve("computers")), "fortunes is not installed");
        Corpus english = Corpora.englishFortunes(List.of(fortunes));
        assertThat(english.excerpt()).isFalse();
        assertThat(english.documents()).hasSizeGreaterThan(5000);
        assertThat(english.text("\n")).doesNotContain("\b").doesNotContain("\u001b");
    }
}
