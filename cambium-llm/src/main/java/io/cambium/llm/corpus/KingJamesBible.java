package io.cambium.llm.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The King James Version as printed by the {@code bible} program of Debian's bible-kjv packages.
 * Their data file ({@code /usr/lib/bible.data}) is the program's own compressed format, which
 * Cambium does not decode; export the text once with
 * {@code bible -l10000 gen1:1-rev22:21 > kjv.txt} (one verse per line) and parse that. The
 * program's wrapped output (without {@code -l}) is read too: continuation lines join their verse.
 */
public final class KingJamesBible {
    private static final Pattern HEADING = Pattern.compile("^((?:[1-3] )?[A-Z][A-Za-z ]*?) (\\d+)$");
    private static final Pattern VERSE = Pattern.compile("^\\s+(\\d+) (.*)$");

    private KingJamesBible() {
    }

    /** A chapter: its heading ({@code Genesis 1}) and its verses' text, in order. */
    public record Chapter(String heading, List<String> verses) {
        public Chapter {
            verses = List.copyOf(verses);
        }

        /** The heading line, then one verse per line (verse numbers left out). */
        public String toText() {
            return heading + "\n" + String.join("\n", verses);
        }
    }

    /**
     * The chapters of the {@code bible} program's output.
     *
     * @throws IllegalArgumentException when the text holds no chapter, or a verse comes before any heading
     */
    public static List<Chapter> parse(String text, String source) {
        List<Chapter> chapters = new ArrayList<>();
        String heading = null;
        List<String> verses = new ArrayList<>();
        StringBuilder verse = null;
        boolean previousBlank = true;
        String[] lines = TextCleaning.normalizeNewlines(text).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            Matcher h = HEADING.matcher(line);
            Matcher v = VERSE.matcher(line);
            boolean nextBlank = i + 1 >= lines.length || lines[i + 1].isBlank();
            if (line.isEmpty()) {
                previousBlank = true;
                continue;
            }
            if (previousBlank && nextBlank && h.matches()) {
                if (verse != null) {
                    verses.add(verse.toString());
                }
                if (heading != null) {
                    chapters.add(new Chapter(heading, verses));
                }
                heading = line;
                verses = new ArrayList<>();
                verse = null;
            } else if (v.matches()) {
                if (heading == null) {
                    throw new IllegalArgumentException(source + ": line " + (i + 1) + " is a verse before any chapter heading");
                }
                if (verse != null) {
                    verses.add(verse.toString());
                }
                verse = new StringBuilder(v.group(2).strip());
            } else if (verse != null) {
                verse.append(' ').append(line.strip());
            } else {
                throw new IllegalArgumentException(source + ": line " + (i + 1) + " is neither a chapter heading nor a verse"
                        + " (expected the output of the 'bible' program): '" + line + "'");
            }
            previousBlank = false;
        }
        if (verse != null) {
            verses.add(verse.toString());
        }
        if (heading != null) {
            chapters.add(new Chapter(heading, verses));
        }
        if (chapters.isEmpty()) {
            throw new IllegalArgumentException(source + ": no chapter found (expected the output of"
                    + " 'bible -l10000 gen1:1-rev22:21')");
        }
        return chapters;
    }
}
