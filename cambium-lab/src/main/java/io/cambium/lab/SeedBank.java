package io.cambium.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed question bank, read from the copy packed into this module (the repository's
 * {@code docs/seed/model-design-interview-bank.zh.md}), with the English version of each question.
 */
public final class SeedBank {
    private static final String BANK = "/io/cambium/lab/seed/model-design-interview-bank.zh.md";
    private static final String ENGLISH = "/io/cambium/lab/questions.en.tsv";
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,4}\\s*(面试题\\s*(\\d+)[：:].*)$");
    private static final Pattern TITLE = Pattern.compile("(?m)^#{1,4}\\s*(\\S.*题库.*)$");
    private static volatile Map<String, Question> cache;

    private SeedBank() {
    }

    /** Every question by key, in the bank's order, the title first. */
    public static Map<String, Question> questions() {
        Map<String, Question> q = cache;
        if (q == null) {
            q = parse(read(BANK), english());
            cache = q;
        }
        return q;
    }

    /** Question {@code n} (1 to 41). */
    public static Question question(int n) {
        Question q = questions().get(Integer.toString(n));
        if (q == null) {
            throw new IllegalArgumentException("the seed bank has no question " + n + " (it has 1 to "
                    + (questions().size() - 1) + ")");
        }
        return q;
    }

    /** Parses a bank's Markdown with the given English texts (key to question). */
    static Map<String, Question> parse(String markdown, Map<String, String> english) {
        Map<String, Question> out = new LinkedHashMap<>();
        Matcher t = TITLE.matcher(markdown);
        if (t.find()) {
            out.put(Question.TITLE, new Question(Question.TITLE, t.group(1).trim(), "", "", "",
                    english.getOrDefault(Question.TITLE, "")));
        }
        Matcher m = HEADING.matcher(markdown);
        List<int[]> starts = new java.util.ArrayList<>();
        List<String[]> heads = new java.util.ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            heads.add(new String[] {m.group(2), m.group(1).trim()});
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : markdown.length();
            String body = markdown.substring(starts.get(i)[1], end);
            String key = Integer.toString(Integer.parseInt(heads.get(i)[0]));
            out.put(key, new Question(key, heads.get(i)[1], section(body, "题目"), section(body, "答案"),
                    section(body, "解析"), english.getOrDefault(key, "")));
        }
        return out;
    }

    /** The text after {@code **name：**} up to the next bold section marker or code block. */
    private static String section(String body, String name) {
        Matcher m = Pattern.compile("\\*\\*" + name + "[：:]\\*\\*").matcher(body);
        if (!m.find()) {
            return "";
        }
        int from = m.end();
        int to = body.length();
        Matcher next = Pattern.compile("\\*\\*[^*\\n]{1,12}[：:]\\*\\*|```").matcher(body);
        if (next.find(from)) {
            to = next.start();
        }
        return body.substring(from, to).trim();
    }

    private static Map<String, String> english() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : read(ENGLISH).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalStateException(ENGLISH + ": a line without a tab: " + line);
            }
            out.put(line.substring(0, tab).trim(), line.substring(tab + 1).trim());
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = SeedBank.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from cambium-lab");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
