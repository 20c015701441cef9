package io.cambium.llm.corpus;

import java.util.List;

/**
 * A classical Chinese poem: its title line ({@code 《静夜思》}), its author and its body lines.
 * Title and author may be empty (a generated poem need not have them).
 */
public record Poem(String title, String author, List<String> body) {
    /** The mark that starts an author line in the corpus text. */
    public static final String AUTHOR_PREFIX = "作者：";

    public Poem {
        title = title == null ? "" : title;
        author = author == null ? "" : author;
        body = List.copyOf(body);
    }

    /**
     * The poem in the corpus's text form: the title line, {@code 作者：} and the author, then the
     * body lines, without a final newline. Title and author lines are left out when empty.
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        if (!title.isEmpty()) {
            sb.append(title).append('\n');
        }
        if (!author.isEmpty()) {
            sb.append(AUTHOR_PREFIX).append(author).append('\n');
        }
        for (String line : body) {
            sb.append(line).append('\n');
        }
        if (sb.length() > 0) {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }
}
