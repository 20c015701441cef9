package io.cambium.llm.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classical poems from the fortunes-zh files ({@code tang300}: 唐诗三百首, {@code song100}: a
 * hundred Song poems) and the corpus text form they are trained on:
 *
 * <pre>
 * 《静夜思》
 * 作者：李白
 * 床前明月光，疑是地上霜。
 * 举头望明月，低头思故乡。
 *
 * 《...》
 * </pre>
 *
 * A title line starts with 《, an author line with {@code 作者：}, every other line of a poem is
 * body; poems are separated by a blank line. The two files differ ({@code 题目:《塞上》},
 * {@code 作者:柳开（９４６－９９９）} in song100): titles and authors are brought to the form above
 * (life dates dropped), and a song100 entry holding several poems under {@code 其一}, {@code 其二}
 * headings becomes one poem per heading, titled {@code 《春居杂兴・其一》} as tang300 does.
 */
public final class ClassicalPoems {
    private static final Pattern TITLE = Pattern.compile("^(?:题目[:：]\\s*)?《(.*)》(.*)$");
    private static final Pattern AUTHOR = Pattern.compile("^作者[:：]\\s*(.*?)\\s*(?:[（(][^）)]*[）)])?\\s*$");
    private static final Pattern PART = Pattern.compile("^其[一二三四五六七八九十]+$");

    private ClassicalPoems() {
    }

    /**
     * The poems of fortune entries (see {@link FortuneFile}), each entry a title line, an author
     * line and the body.
     *
     * @throws IllegalArgumentException naming the entry when its first two lines are not a title and an author
     */
    public static List<Poem> fromFortuneEntries(List<String> entries, String source) {
        List<Poem> poems = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            String[] lines = entries.get(e).split("\n");
            Matcher t = TITLE.matcher(lines[0].strip());
            Matcher a = lines.length > 1 ? AUTHOR.matcher(lines[1].strip()) : null;
            if (!t.matches() || a == null || !a.matches()) {
                throw new IllegalArgumentException(source + ": entry " + (e + 1) + " does not start with a title line"
                        + " and an author line: '" + lines[0] + (lines.length > 1 ? "' / '" + lines[1] : "") + "'");
            }
            String inner = t.group(1).strip();
            String suffix = t.group(2).strip();
            String author = a.group(1);
            List<String> part = new ArrayList<>();
            String partName = PART.matcher(suffix).matches() ? suffix : null;
            for (int i = 2; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (PART.matcher(line).matches()) {
                    if (!part.isEmpty()) {
                        poems.add(new Poem(title(inner, partName), author, part));
                        part = new ArrayList<>();
                    }
                    partName = line;
                    continue;
                }
                part.add(line);
            }
            if (!part.isEmpty()) {
                poems.add(new Poem(title(inner, partName), author, part));
            }
        }
        return poems;
    }

    private static String title(String inner, String part) {
        return "《" + inner + (part == null ? "" : "・" + part) + "》";
    }

    /** The corpus text of the poems: each in {@link Poem#toText()} form, a blank line between, a final newline. */
    public static String format(List<Poem> poems) {
        StringBuilder sb = new StringBuilder();
        for (Poem p : poems) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(p.toText());
        }
        return sb.append('\n').toString();
    }

    /**
     * Reads poems back from corpus text or from a model's samples: blocks separated by blank
     * lines; in a block, a line starting with 《 is the title, a line starting with {@code 作者}
     * the author, and every other non-blank line is body. Blocks without body lines are skipped.
     */
    public static List<Poem> parse(String text) {
        List<Poem> poems = new ArrayList<>();
        String title = "";
        String author = "";
        List<String> body = new ArrayList<>();
        for (String raw : (text + "\n\n").split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                if (!body.isEmpty()) {
                    poems.add(new Poem(title, author, body));
                }
                title = "";
                author = "";
                body = new ArrayList<>();
            } else if (line.startsWith("《") && body.isEmpty() && title.isEmpty()) {
                title = line;
            } else if (line.startsWith("作者") && body.isEmpty() && author.isEmpty()) {
                Matcher a = AUTHOR.matcher(line);
                author = a.matches() ? a.group(1) : line.substring(2);
            } else {
                body.add(line);
            }
        }
        return poems;
    }
}
