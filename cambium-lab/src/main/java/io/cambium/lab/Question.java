package io.cambium.lab;

/**
 * A question of the seed bank.
 *
 * @param key         the question number ("1" to "41"), or "title" for the bank's own title
 * @param headingZh   the Chinese heading
 * @param questionZh  the Chinese question text (题目), empty for the title
 * @param answerZh    the bank's Chinese answer (答案)
 * @param analysisZh  the bank's Chinese explanation (解析)
 * @param english     the question in English
 */
public record Question(String key, String headingZh, String questionZh, String answerZh, String analysisZh,
        String english) {

    /** The key of the bank's title, which the language-model issues answer. */
    public static final String TITLE = "title";

    /** The question number, or 0 for the title. */
    public int number() {
        return key.equals(TITLE) ? 0 : Integer.parseInt(key);
    }

    /** The id used on the command line: {@code q07}, or {@code title}. */
    public String id() {
        return Experiment.id(number());
    }
}
