package io.cambium.lab;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The question bank packed from docs/seed: 41 questions and the title, each with its texts. */
class SeedBankTest {
    @Test
    void everyQuestionIsParsedWithItsChineseAndEnglishText() {
        Map<String, Question> bank = SeedBank.questions();
        assertThat(bank).hasSize(42).containsKey(Question.TITLE);
        assertThat(bank.get(Question.TITLE).headingZh()).contains("从零开始大模型开发与微调");
        for (int n = 1; n <= 41; n++) {
            Question q = SeedBank.question(n);
            assertThat(q.headingZh()).as("heading of %d", n).startsWith("面试题 " + n);
            assertThat(q.questionZh()).as("题目 of %d", n).startsWith("请");
            assertThat(q.english()).as("English of %d", n).isNotBlank();
            assertThat(q.id()).isEqualTo(String.format("q%02d", n));
        }
        assertThat(SeedBank.question(7).questionZh()).contains("迁移学习");
        assertThat(SeedBank.question(12).answerZh()).contains("梯度消失");
        // The sections stop at the next bold marker: no code sample leaks into the answer.
        assertThat(SeedBank.question(4).answerZh()).doesNotContain("```").doesNotContain("**解析");
    }

    @Test
    void anUnknownQuestionIsAnErrorNamingTheRange() {
        assertThatThrownBy(() -> SeedBank.question(42)).hasMessageContaining("no question 42").hasMessageContaining("1 to 41");
    }
}
