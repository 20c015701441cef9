package io.cambium.llm.tokenizer;

import java.util.Random;

/** Seeded random text over the whole of Unicode (scalar values) with a bias to the interesting parts. */
final class RandomText {
    private RandomText() {
    }

    /** {@code n} code points: ASCII (control characters included), whitespace, CJK, emoji, any plane. */
    static String unicode(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(8);
            int cp = switch (kind) {
                case 0 -> r.nextInt(0x80);
                case 1 -> " \t\n\r\u000B\f\u00A0\u3000\u2028\uFEFF".charAt(r.nextInt(10));
                case 2 -> 0x4E00 + r.nextInt(0x5000);
                case 3 -> 0x1F300 + r.nextInt(0x300);
                case 4 -> 0x80 + r.nextInt(0x780);
                case 5 -> "'sdlmtrve".charAt(r.nextInt(9));
                default -> {
                    int c;
                    do {
                        c = r.nextInt(0x110000);
                    } while (c >= 0xD800 && c <= 0xDFFF);
                    yield c;
                }
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
