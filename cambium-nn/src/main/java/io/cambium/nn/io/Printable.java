package io.cambium.nn.io;

/**
 * Text from files (tensor names, metadata, config values) made safe for messages and terminals:
 * control characters, escape sequences and bidirectional overrides are shown as {@code \\uXXXX}
 * escapes, and long text is cut with a note of how much was left out, so that a hostile file can
 * neither drive the terminal nor print a line of 80 MB.
 */
public final class Printable {
    /** The longest message {@link #clean(String)} keeps by default. */
    public static final int MAX_MESSAGE = 2000;
    /** The longest quoted value {@link #quote(String)} keeps. */
    public static final int MAX_VALUE = 200;

    private Printable() {
    }

    /** {@code text} escaped and cut at {@link #MAX_MESSAGE} characters. */
    public static String clean(String text) {
        return clean(text, MAX_MESSAGE);
    }

    /** {@code text} escaped and cut at {@code max} characters (escapes included). */
    public static String clean(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 16);
        int i = 0;
        for (; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (i < text.length()) {
            b.append("... (").append(text.length() - i).append(" more characters)");
        }
        return b.toString();
    }

    /** {@code 'text'}, escaped and cut at {@link #MAX_VALUE} characters, for names in messages. */
    public static String quote(String text) {
        return "'" + clean(text, MAX_VALUE) + "'";
    }

    /** Whether the text holds nothing that {@link #clean} would escape. */
    public static boolean isSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) // C0 and C1 controls (ESC starts terminal sequences), DEL
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) // bidirectional overrides
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
