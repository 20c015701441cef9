package io.cambium.llm.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures how well poems keep the forms of Tang poetry, whose verse clauses have five or seven
 * characters. A clause is the text of a poem's body between two of the marks {@code ，。？！；}
 * (the body's start counts as a mark; line breaks are ignored, text after the last mark is not a
 * clause); its length is its number of Han characters. Titles and author lines are never counted.
 */
public final class VerseForms {
    private static final String MARKS = "，。？！；";

    private VerseForms() {
    }

    /** The tally over some poems: clauses seen, clauses of exactly 5 or 7 Han characters. */
    public record ClauseStats(int poems, int clauses, int fiveOrSeven) {
        /** The share of 5- or 7-character clauses (0 when there is no clause). */
        public double fraction() {
            return clauses == 0 ? 0 : (double) fiveOrSeven / clauses;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d poems, %d clauses, %d of 5 or 7 characters (%.1f%%)",
                    poems, clauses, fiveOrSeven, 100 * fraction());
        }
    }

    /** The clauses of a poem's body, in order. */
    public static List<String> clauses(Poem poem) {
        String body = String.join("", poem.body());
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            if (MARKS.indexOf(body.charAt(i)) >= 0) {
                String clause = body.substring(start, i).strip();
                if (!clause.isEmpty()) {
                    out.add(clause);
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** The number of Han characters in a text. */
    public static int hanCount(String s) {
        return (int) s.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN).count();
    }

    /** The clause tally over the poems' bodies. */
    public static ClauseStats stats(List<Poem> poems) {
        int clauses = 0;
        int good = 0;
        for (Poem p : poems) {
            for (String c : clauses(p)) {
                clauses++;
                int n = hanCount(c);
                if (n == 5 || n == 7) {
                    good++;
                }
            }
        }
        return new ClauseStats(poems.size(), clauses, good);
    }
}
