package io.cambium.llm.corpus;

import java.util.List;

/**
 * A text corpus: its documents (poems, fortunes, chapters) in order, where they came from, and
 * whether that was the small excerpt shipped with Cambium rather than the full installed data.
 */
public record Corpus(String name, List<String> documents, String source, boolean excerpt) {

    public Corpus {
        documents = List.copyOf(documents);
    }

    /** The documents joined by {@code separator}, e.g. a blank line or an end-of-text token. */
    public String text(String separator) {
        return String.join(separator, documents);
    }

    /** The documents separated by blank lines, with a final newline (the poetry corpus form). */
    public String text() {
        return text("\n\n") + "\n";
    }

    /** Total characters (UTF-16 units) of the documents. */
    public long chars() {
        long n = 0;
        for (String d : documents) {
            n += d.length();
        }
        return n;
    }

    /** Two corpora as one, in order. */
    public Corpus concat(Corpus other) {
        List<String> all = new java.util.ArrayList<>(documents);
        all.addAll(other.documents);
        return new Corpus(name + "+" + other.name, all, source + "; " + other.source, excerpt || other.excerpt);
    }
}
