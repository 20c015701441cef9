package io.cambium.llm.corpus;

/**
 * Cleans text meant for a terminal: ANSI escape sequences (colours, cursor moves) go, overstruck
 * characters ({@code x BACKSPACE x} for bold, {@code _ BACKSPACE x} for underline, as in old
 * fortune files) keep the character printed last, and line endings become {@code \n}.
 */
public final class TextCleaning {
    private static final char ESC = 0x1B;
    private static final char BACKSPACE = 0x08;

    private TextCleaning() {
    }

    /** All three cleanings. */
    public static String forTerminalText(String s) {
        return resolveOverstrikes(stripAnsi(normalizeNewlines(s)));
    }

    /** {@code \r\n} and lone {@code \r} become {@code \n}. */
    public static String normalizeNewlines(String s) {
        if (s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * Removes ANSI/ECMA-48 escape sequences: CSI ({@code ESC [ params final}, e.g. the colour code
     * {@code ESC[33;1m}), OSC and other string sequences up to their terminator, and two-character
     * escapes. A lone ESC at the end is dropped.
     */
    public static String stripAnsi(String s) {
        int esc = s.indexOf(ESC);
        if (esc < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, esc);
        int i = esc;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != ESC) {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                break;
            }
            char k = s.charAt(i + 1);
            if (k == '[') {
                // CSI: parameter and intermediate bytes 0x20-0x3F, then one final byte 0x40-0x7E.
                int j = i + 2;
                while (j < n && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x3F) {
                    j++;
                }
                i = j < n && s.charAt(j) >= 0x40 && s.charAt(j) <= 0x7E ? j + 1 : j;
            } else if (k == ']' || k == 'P' || k == 'X' || k == '^' || k == '_') {
                // String sequences end at BEL or ESC \.
                int j = i + 2;
                while (j < n && s.charAt(j) != 0x07 && !(s.charAt(j) == ESC && j + 1 < n && s.charAt(j + 1) == '\\')) {
                    j++;
                }
                i = j >= n ? n : s.charAt(j) == 0x07 ? j + 1 : j + 2;
            } else {
                i += 2;
            }
        }
        return out.toString();
    }

    /** Each backspace erases the character before it, so the character typed over it stays. */
    public static String resolveOverstrikes(String s) {
        if (s.indexOf(BACKSPACE) < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == BACKSPACE) {
                int len = out.length();
                if (len > 0 && out.charAt(len - 1) != '\n') {
                    int cut = len >= 2 && Character.isSurrogatePair(out.charAt(len - 2), out.charAt(len - 1)) ? 2 : 1;
                    out.setLength(len - cut);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
