package io.cambium.llm.tokenizer;

/**
 * GPT-2's pre-tokenization, the pattern
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}, as a
 * hand-written scanner (a regex engine is several times slower here). It follows the pattern as
 * the JavaScript reference encoder (npm {@code gpt-3-encoder}) runs it: matching by code point,
 * {@code \s} being JavaScript's white space (the Zs category, TAB, LF, VT, FF, CR, U+2028,
 * U+2029 and U+FEFF), and letters and numbers the Unicode categories L and N of this JDK.
 * Pieces are contiguous and cover the text.
 */
public final class Gpt2PreTokenizer {
    /**
     * The same pattern for {@code java.util.regex}, with JavaScript's {@code \s} spelled out: the
     * reference the scanner is tested against, several times slower (see the
     * {@code PreTokenizerBenchmark} of cambium-bench).
     */
    public static final java.util.regex.Pattern PATTERN;

    static {
        String s = "\\t\\n\\u000B\\f\\r\\p{Zs}\\u2028\\u2029\\uFEFF";
        PATTERN = java.util.regex.Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^" + s + "\\p{L}\\p{N}]+|"
                + "[" + s + "]+(?![^" + s + "])|[" + s + "]+");
    }

    static final byte OTHER = 0;
    static final byte LETTER = 1;
    static final byte NUMBER = 2;
    static final byte SPACE = 3;
    private static final byte[] BMP = new byte[65536];

    static {
        for (int c = 0; c < 65536; c++) {
            BMP[c] = classify(c);
        }
    }

    private Gpt2PreTokenizer() {
    }

    static byte classify(int cp) {
        if (isJsSpace(cp)) {
            return SPACE;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            default -> OTHER;
        };
    }

    /** JavaScript's {@code \s}: WhiteSpace and LineTerminator of ECMA-262. */
    static boolean isJsSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0xFEFF || cp == 0x2028 || cp == 0x2029
                || (cp < 65536 && Character.getType(cp) == Character.SPACE_SEPARATOR);
    }

    /** The class of the code point starting at {@code i} ({@code i < end}); a lone surrogate is OTHER. */
    private static byte classAt(String s, int i, int end) {
        char c = s.charAt(i);
        if (!Character.isSurrogate(c)) {
            return BMP[c];
        }
        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
            return classify(Character.toCodePoint(c, s.charAt(i + 1)));
        }
        return OTHER;
    }

    private static int width(String s, int i, int end) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
    }

    /** The end of the piece that starts at {@code i} in the text {@code s[.., end)}. */
    public static int next(String s, int i, int end) {
        char c = s.charAt(i);
        if (c == '\'' && i + 1 < end) {
            char d = s.charAt(i + 1);
            if (d == 's' || d == 't' || d == 'm' || d == 'd') {
                return i + 2;
            }
            if (i + 2 < end) {
                char e = s.charAt(i + 2);
                if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) {
                    return i + 3;
                }
            }
        }
        int start = i;
        byte cls;
        if (c == ' ' && i + 1 < end && (cls = classAt(s, i + 1, end)) != SPACE) {
            start = i + 1;
        } else {
            cls = classAt(s, i, end);
        }
        if (cls != SPACE) {
            int j = start + width(s, start, end);
            while (j < end && classAt(s, j, end) == cls) {
                j += width(s, j, end);
            }
            return j;
        }
        // A run of white space (all of it in the BMP): \s+(?!\S) leaves the last one to the next
        // piece when a non-space follows, unless the run is a single character (then \s+ takes it).
        int j = i + 1;
        while (j < end && classAt(s, j, end) == SPACE) {
            j++;
        }
        if (j < end && j - 1 > i) {
            return j - 1;
        }
        return j;
    }

    /** The pieces of a text (for tests and inspection). */
    public static java.util.List<String> split(String s) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int j = next(s, i, s.length());
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }
}
