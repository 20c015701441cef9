package io.cambium.llm.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchEncoderTest {
    private final CharTokenizer tok = CharTokenizer.trainer().specialTokens("<pad>").train(List.of("abcdef"));
    private final List<String> texts = List.of("abc", "a", "abcdef");

    @Test
    void noPaddingKeepsLengthsAndMasksAreOnes() {
        BatchEncoding b = tok.batchEncoder().encode(texts);
        assertThat(b.inputIds()[0]).containsExactly(1, 2, 3);
        assertThat(b.inputIds()[1]).containsExactly(1);
        assertThat(b.attentionMask()[2]).containsExactly(1, 1, 1, 1, 1, 1);
        assertThat(b.isRectangular()).isFalse();
        assertThatThrownBy(b::inputIdsTensor).hasMessageContaining("pad the batch");
    }

    @Test
    void longestPaddingOnTheRightAndLeft() {
        BatchEncoding r = tok.batchEncoder().padding(Padding.LONGEST).padToken("<pad>").encode(texts);
        assertThat(r.inputIds()[1]).containsExactly(1, 0, 0, 0, 0, 0);
        assertThat(r.attentionMask()[1]).containsExactly(1, 0, 0, 0, 0, 0);
        BatchEncoding l = tok.batchEncoder().padding(Padding.LONGEST).paddingSide(Side.LEFT).padToken("<pad>").encode(texts);
        assertThat(l.inputIds()[0]).containsExactly(0, 0, 0, 1, 2, 3);
        assertThat(l.attentionMask()[0]).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(l.inputIdsTensor().shape()).containsExactly(3, 6);
        assertThat(l.attentionMaskTensor().toArray()).startsWith(0f, 0f, 0f, 1f, 1f, 1f);
    }

    @Test
    void truncationAndMaxLengthPadding() {
        BatchEncoding b = tok.batchEncoder().padding(Padding.MAX_LENGTH).truncation(true).maxLength(4).padId(0).encode(texts);
        assertThat(b.inputIds()[2]).containsExactly(1, 2, 3, 4);
        assertThat(b.inputIds()[1]).containsExactly(1, 0, 0, 0);
        BatchEncoding left = tok.batchEncoder().truncation(true).truncationSide(Side.LEFT).maxLength(2).encode(texts);
        assertThat(left.inputIds()[2]).containsExactly(5, 6);
        BatchEncoding multiple = tok.batchEncoder().padding(Padding.LONGEST).padToMultipleOf(4).padId(0).encode(texts);
        assertThat(multiple.inputIds()[0]).hasSize(8);
        BatchEncoding overLong = tok.batchEncoder().padding(Padding.MAX_LENGTH).maxLength(2).padId(0).encode(texts);
        assertThat(overLong.inputIds()[2]).hasSize(6); // no truncation asked: padding never cuts
    }

    @Test
    void misconfigurationIsReported() {
        assertThatThrownBy(() -> tok.batchEncoder().truncation(true).encode(texts)).hasMessageContaining("truncation needs maxLength");
        assertThatThrownBy(() -> tok.batchEncoder().padding(Padding.MAX_LENGTH).encode(texts)).hasMessageContaining("needs maxLength");
        assertThatThrownBy(() -> tok.batchEncoder().padding(Padding.LONGEST).encode(texts)).hasMessageContaining("needs a pad token");
        assertThatThrownBy(() -> tok.batchEncoder().padToken("[PAD]")).hasMessageContaining("not in the tokenizer's vocabulary");
        assertThatThrownBy(() -> tok.batchEncoder().padId(99)).hasMessageContaining("outside the vocabulary");
    }
}
