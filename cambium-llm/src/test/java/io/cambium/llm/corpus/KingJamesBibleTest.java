package io.cambium.llm.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KingJamesBibleTest {
    @TempDir
    Path empty;

    @Test
    void excerptHoldsGenesisOneToThree() {
        Corpus c = Corpora.kingJamesBible(List.of(empty));
        assertThat(c.excerpt()).isTrue();
        assertThat(c.documents()).hasSize(3);
        assertThat(c.documents().get(0)).startsWith("Genesis 1\nIn the beginning God created the heaven and the earth.\n");
        List<KingJamesBible.Chapter> chapters = KingJamesBible.parse(
                "\nGenesis 1\n\n  1 In the beginning.\n  2 And the earth.\n", "t");
        assertThat(chapters.get(0).verses()).containsExactly("In the beginning.", "And the earth.");
    }

    @Test
    void wrappedOutputJoinsContinuationLines() {
        String wrapped = "\n1 Samuel 1\n\n  1 Now there was a certain man of Ramathaimzophim, of mount Ephraim, and his\n"
                + "name was Elkanah.\n  2 And he had two wives;\n\nSong of Solomon 2\n\n  1 I am the rose of Sharon.\n";
        List<KingJamesBible.Chapter> chapters = KingJamesBible.parse(wrapped, "t");
        assertThat(chapters).extracting(KingJamesBible.Chapter::heading).containsExactly("1 Samuel 1", "Song of Solomon 2");
        assertThat(chapters.get(0).verses().get(0)).endsWith("mount Ephraim, and his name was Elkanah.");
    }

    @Test
    void otherTextIsRejected() {
        assertThatThrownBy(() -> KingJamesBible.parse("just some prose\nnot a bible\n", "f.txt"))
                .hasMessageContaining("f.txt: line 1 is neither a chapter heading nor a verse");
        assertThatThrownBy(() -> KingJamesBible.parse("  1 verse first\n", "f.txt")).hasMessageContaining("before any chapter");
        assertThatThrownBy(() -> KingJamesBible.parse("\n\n", "f.txt")).hasMessageContaining("no chapter found");
    }
}
