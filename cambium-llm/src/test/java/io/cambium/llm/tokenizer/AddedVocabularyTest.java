package io.cambium.llm.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddedVocabularyTest {
    private static List<String> pieces(AddedVocabulary v, String text) {
        List<String> out = new ArrayList<>();
        v.split(text, new AddedVocabulary.Sink() {
            @Override
            public void text(int start, int end) {
                out.add("'" + text.substring(start, end) + "'");
            }

            @Override
            public void token(int id) {
                out.add("#" + id);
            }
        });
        return out;
    }

    @Test
    void leftmostMatchWinsAndTheLongestOnATie() {
        AddedVocabulary v = new AddedVocabulary(List.of(AddedToken.special("<a>", 1), AddedToken.special("<a><b>", 2),
                AddedToken.special("b>", 3)));
        assertThat(pieces(v, "x<a><b>y<a>z")).containsExactly("'x'", "#2", "'y'", "#1", "'z'");
        assertThat(pieces(v, "<a>b>")).containsExactly("#1", "#3");
        assertThat(pieces(v, "")).isEmpty();
        assertThat(pieces(v, "plain")).containsExactly("'plain'");
    }

    @Test
    void stripAndSingleWordOptions() {
        AddedVocabulary v = new AddedVocabulary(List.of(
                new AddedToken("<mask>", 5, true, false, true, false, false),
                new AddedToken("X", 6, false, true, false, true, false)));
        assertThat(pieces(v, "a  <mask> b")).containsExactly("'a'", "#5", "' b'");
        assertThat(pieces(v, "aX X  b")).containsExactly("'aX '", "#6", "'b'");
    }

    @Test
    void duplicatesAreRejected() {
        assertThatThrownBy(() -> new AddedVocabulary(List.of(AddedToken.special("a", 1), AddedToken.special("a", 2))))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new AddedVocabulary(List.of(AddedToken.special("a", 1), AddedToken.special("b", 1))))
                .hasMessageContaining("share id 1");
    }
}
