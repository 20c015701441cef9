package io.cambium.lab;

/**
 * One sentence of a page's conclusion, written from the measured numbers. A finding may test a
 * textbook claim ({@link #check}): the page then says whether this measurement supports it.
 *
 * @param text    the sentence, with the numbers it quotes formatted as in the tables
 * @param claim   the textbook answer being tested, or null for a plain observation
 * @param verdict whether the measurement supports the claim
 */
public record Finding(String text, String claim, Verdict verdict) {
    /** How a measurement relates to the textbook answer. */
    public enum Verdict {
        /** The measurement agrees with the claim. */
        SUPPORTED,
        /** The measurement does not show what the claim says. */
        NOT_SUPPORTED,
        /** An observation that tests no claim. */
        OBSERVED
    }

    /** An observation that tests no claim. */
    public static Finding observed(String text) {
        return new Finding(text, null, Verdict.OBSERVED);
    }

    /** The claim tested by the comparison {@code holds}, with the sentence that reports the numbers. */
    public static Finding check(String claim, boolean holds, String text) {
        return new Finding(text, claim, holds ? Verdict.SUPPORTED : Verdict.NOT_SUPPORTED);
    }
}
