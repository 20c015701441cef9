package io.cambium.llm.corpus;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FortuneFileTest {
    @Test
    void entriesAreSplitAtPercentLinesAndTrimmed() {
        String raw = "\n  first\n  line two  \n\n%\n%\nsecond\n%    \n\u001b[32mthird\u001b[m\n\n  indented\n%\n";
        assertThat(FortuneFile.parse(raw)).containsExactly("  first\n  line two", "second", "third\n\n  indented");
    }

    @Test
    void percentInsideALineIsText() {
        assertThat(FortuneFile.parse("100% sure\n%\n50 %\n")).containsExactly("100% sure", "50 %");
        assertThat(FortuneFile.parse("")).isEmpty();
        assertThat(FortuneFile.parse("%\n%\n")).isEmpty();
        assertThat(FortuneFile.parse("crlf\r\n%\r\nok")).isEqualTo(List.of("crlf", "ok"));
    }
}
