package io.cambium.llm.corpus;

import io.cambium.llm.tokenizer.Utf8;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fortune(6) data file: entries separated by lines holding only {@code %}. Reading cleans the
 * terminal markup ({@link TextCleaning}), drops the separators, trims blank lines and trailing
 * spaces at the ends of each entry, and skips empty entries.
 */
public final class FortuneFile {
    private FortuneFile() {
    }

    /**
     * The entries of a fortune file.
     *
     * @throws IllegalArgumentException when the file is missing or not UTF-8
     */
    public static List<String> read(Path file) {
        return parse(Utf8.readFile(file));
    }

    /** The entries of fortune-file text. */
    public static List<String> parse(String raw) {
        String text = TextCleaning.forTerminalText(raw);
        List<String> entries = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = stripTrailing(text.substring(start, end));
            if (line.equals("%")) {
                add(entries, cur);
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        add(entries, cur);
        return entries;
    }

    private static void add(List<String> entries, StringBuilder cur) {
        String e = cur.toString();
        // Drop blank lines at both ends, keep inner structure and indentation.
        int from = 0;
        while (true) {
            int nl = e.indexOf('\n', from);
            if (nl < 0 || !e.substring(from, nl).isBlank()) {
                break;
            }
            from = nl + 1;
        }
        e = e.substring(from).stripTrailing();
        if (!e.isEmpty()) {
            entries.add(e);
        }
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }
}
