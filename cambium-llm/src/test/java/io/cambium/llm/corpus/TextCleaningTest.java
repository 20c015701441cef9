package io.cambium.llm.corpus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextCleaningTest {
    @Test
    void stripsTheColourCodesOfFortunesZh() {
        assertThat(TextCleaning.stripAnsi("\u001b[32m《感遇・其一》\u001b[m")).isEqualTo("《感遇・其一》");
        assertThat(TextCleaning.stripAnsi("\u001b[33;1m      *\u001b[;m 备份")).isEqualTo("      * 备份");
        assertThat(TextCleaning.stripAnsi("a\u001b]0;title\u0007b\u001b]8;;x\u001b\\c\u001bMd\u001b")).isEqualTo("abcd");
        assertThat(TextCleaning.stripAnsi("no escapes")).isEqualTo("no escapes");
    }

    @Test
    void overstrikesKeepTheLastCharacter() {
        assertThat(TextCleaning.resolveOverstrikes("_\bH_\bi B\bBo\bo")).isEqualTo("Hi Bo");
        assertThat(TextCleaning.resolveOverstrikes("\bx\n\by")).isEqualTo("x\ny");
        assertThat(TextCleaning.resolveOverstrikes("\uD83D\uDE00\bz")).isEqualTo("z");
    }

    @Test
    void lineEndingsBecomeNewlines() {
        assertThat(TextCleaning.normalizeNewlines("a\r\nb\rc\n")).isEqualTo("a\nb\nc\n");
    }
}
