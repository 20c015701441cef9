package io.cambium.lab.report;

import io.cambium.lab.Awaited;
import io.cambium.lab.Experiment;
import io.cambium.lab.Finding;
import io.cambium.lab.Fmt;
import io.cambium.lab.Lab;
import io.cambium.lab.Mode;
import io.cambium.lab.Question;
import io.cambium.lab.ResultStore;
import io.cambium.lab.SeedBank;
import io.cambium.lab.StoredRun;
import io.cambium.lab.Table;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the lab's static site from saved results, without running anything: {@code index.html}
 * (every question of the seed: its page, or what it waits for), one page per question (the question
 * in Chinese and English, the setup, the measured tables, the plots, the computed conclusion and
 * the code that ran), the stylesheet and the plot images.
 */
public final class ReportWriter {
    private final ResultStore store;

    /** A writer reading its results from {@code store}. */
    public ReportWriter(ResultStore store) {
        this.store = store;
    }

    /** Writes the site into {@code site}; returns the pages written, the index first. */
    public List<Path> write(Path site) {
        try {
            Files.createDirectories(site);
            copyResource("/io/cambium/lab/report/style.css", site.resolve("style.css"));
            Map<String, StoredRun> runs = chosenRuns();
            Map<String, Question> bank = SeedBank.questions();
            List<Path> pages = new ArrayList<>();
            pages.add(site.resolve("index.html"));
            for (Question q : bank.values()) {
                Path page = site.resolve(q.id() + ".html");
                Files.writeString(page, questionPage(q, runs, site), StandardCharsets.UTF_8);
                pages.add(page);
            }
            Files.writeString(pages.get(0), index(bank, runs), StandardCharsets.UTF_8);
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lab report to " + site + ": " + e.getMessage(), e);
        }
    }

    /** For each experiment id, its full-mode run when there is one, else its quick run. */
    private Map<String, StoredRun> chosenRuns() {
        Map<String, StoredRun> chosen = new LinkedHashMap<>();
        for (StoredRun r : store.loadAll()) {
            StoredRun old = chosen.get(r.id());
            if (old == null || (old.mode() == Mode.QUICK && r.mode() == Mode.FULL)) {
                chosen.put(r.id(), r);
            }
        }
        return chosen;
    }

    private String index(Map<String, Question> bank, Map<String, StoredRun> runs) {
        int total = 0;
        int measured = 0;
        int waiting = 0;
        for (Question q : bank.values()) {
            total++;
            Experiment e = Lab.forQuestion(q.number()).orElse(null);
            if (e != null && runs.containsKey(e.id())) {
                measured++;
            } else if (e == null) {
                waiting++;
            }
        }
        StringBuilder h = new StringBuilder(Html.head("Cambium lab: the seed questions, answered by measurement"));
        h.append("<h1>Cambium lab</h1>\n<p>Every question of the seed bank <span class=\"zh\">")
                .append(Html.esc(bank.containsKey(Question.TITLE) ? bank.get(Question.TITLE).headingZh() : ""))
                .append("</span>, answered by an experiment that measures it. Conclusions are computed from the ")
                .append("measured numbers; where a measurement does not support the textbook answer, the page says so.</p>\n");
        h.append("<p><strong>").append(measured).append(" of ").append(total)
                .append("</strong> entries (41 questions and the bank's title) have a measured page; <strong>")
                .append(waiting).append("</strong> wait for another issue; ").append(total - measured - waiting)
                .append(" have an experiment that has not been run yet (<code>cambium lab run --all</code>).</p>\n");
        h.append("<table>\n<tr><th class=\"text\">#</th><th class=\"text\">question</th><th class=\"text\">page</th>"
                + "<th class=\"text\">conclusion</th><th>time</th></tr>\n");
        for (Question q : bank.values()) {
            Experiment e = Lab.forQuestion(q.number()).orElse(null);
            StoredRun r = e == null ? null : runs.get(e.id());
            h.append("<tr><td class=\"text\">").append(q.number() == 0 ? "title" : q.number()).append("</td>");
            h.append("<td class=\"text\"><a href=\"").append(q.id()).append(".html\">")
                    .append(Html.esc(q.english())).append("</a><br><span class=\"zh muted\">")
                    .append(Html.esc(q.headingZh())).append("</span></td>");
            if (r != null) {
                h.append("<td class=\"text\"><a href=\"").append(q.id()).append(".html\">").append(Html.esc(r.id()))
                        .append("</a> (").append(r.mode().label()).append(")</td>");
                h.append("<td class=\"text\">").append(verdicts(r.findings())).append("</td>");
                h.append("<td>").append(Fmt.num(r.seconds(), 1)).append(" s</td>");
            } else if (e != null) {
                h.append("<td class=\"text notrun\">not run yet</td><td class=\"text notrun\">run <code>cambium lab run ")
                        .append(e.id()).append("</code></td><td></td>");
            } else {
                Awaited a = awaitedFor(q.key());
                h.append("<td class=\"text missing\">missing</td><td class=\"text missing\">")
                        .append(a == null ? "no experiment" : "waits for issue " + a.issue() + " (" + Html.esc(a.module())
                                + ")").append("</td><td></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        List<Awaited> open = Lab.awaited();
        if (!open.isEmpty()) {
            h.append("<h2>Still missing</h2>\n<ul>\n");
            for (Awaited a : open) {
                h.append("<li><span class=\"missing\">").append(Html.esc(keys(a.keys()))).append("</span>: waits for issue ")
                        .append(a.issue()).append(" (").append(Html.esc(a.module())).append("): ")
                        .append(Html.esc(a.what())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<p class=\"muted\">Rebuild this site with <code>cambium lab report</code>; rerun a question with "
                + "<code>cambium lab run q05</code> (add <code>--quick</code> for the 30-second version).</p>\n");
        return h.append(Html.foot()).toString();
    }

    private static String keys(List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            out.add(k.equals(Question.TITLE) ? "the title question" : "q" + (k.length() == 1 ? "0" : "") + k);
        }
        return String.join(", ", out);
    }

    private static Awaited awaitedFor(String key) {
        for (Awaited a : Lab.awaited()) {
            if (a.keys().contains(key)) {
                return a;
            }
        }
        return null;
    }

    private static String verdicts(List<Finding> findings) {
        int yes = 0;
        int no = 0;
        for (Finding f : findings) {
            if (f.verdict() == Finding.Verdict.SUPPORTED) {
                yes++;
            } else if (f.verdict() == Finding.Verdict.NOT_SUPPORTED) {
                no++;
            }
        }
        String s = "<span class=\"badge supported\">" + yes + " supported</span>";
        if (no > 0) {
            s += "<span class=\"badge not-supported\">" + no + " not supported</span>";
        }
        return s;
    }

    private String questionPage(Question q, Map<String, StoredRun> runs, Path site) throws IOException {
        Experiment e = Lab.forQuestion(q.number()).orElse(null);
        StringBuilder h = new StringBuilder(Html.head(q.id() + ": " + q.english()));
        h.append("<nav><a href=\"index.html\">← all questions</a></nav>\n");
        h.append("<h1>").append(q.number() == 0 ? "Title" : "Q" + q.number()).append(" · ")
                .append(Html.esc(q.english())).append("</h1>\n");
        List<Question> covered = new ArrayList<>();
        covered.add(q);
        if (e != null) {
            for (int n : e.questions()) {
                if (n != q.number()) {
                    covered.add(SeedBank.question(n));
                }
            }
        }
        h.append("<h2>The question</h2>\n");
        for (Question c : covered) {
            appendQuestion(h, c, c != q);
        }
        if (e == null) {
            Awaited a = awaitedFor(q.key());
            h.append("<h2>Experiment</h2>\n<p class=\"missing\">Not in the lab yet");
            if (a != null) {
                h.append(": it waits for issue ").append(a.issue()).append(" (").append(Html.esc(a.module()))
                        .append("), which delivers ").append(Html.esc(a.what()));
            }
            h.append(".</p>\n");
            return h.append(Html.foot()).toString();
        }
        h.append("<h2>What the experiment tests</h2>\n<p>").append(Html.esc(e.summary())).append("</p>\n");
        StoredRun r = runs.get(e.id());
        if (r == null) {
            h.append("<p class=\"notrun\">No result yet: run <code>cambium lab run ").append(e.id())
                    .append("</code> (or <code>--quick</code>), then <code>cambium lab report</code>.</p>\n");
        } else {
            appendRun(h, r, site);
        }
        appendSource(h, e.getClass().getName(), e.id());
        return h.append(Html.foot()).toString();
    }

    private static void appendQuestion(StringBuilder h, Question q, boolean alsoAnswered) {
        h.append("<div class=\"question\">\n");
        if (alsoAnswered) {
            h.append("<h3>Also answered here: <a href=\"").append(q.id()).append(".html\">Q").append(q.number())
                    .append("</a> · ").append(Html.esc(q.english())).append("</h3>\n");
        }
        h.append("<p class=\"zh\" lang=\"zh\"><strong>").append(Html.esc(q.headingZh())).append("</strong></p>\n");
        if (!q.questionZh().isEmpty()) {
            h.append("<p class=\"zh\" lang=\"zh\">题目：").append(Html.markdownText(q.questionZh())).append("</p>\n");
        }
        if (!q.answerZh().isEmpty() || !q.analysisZh().isEmpty()) {
            h.append("<details><summary>The bank's answer (Chinese)</summary>\n<p class=\"zh\" lang=\"zh\">答案：")
                    .append(Html.markdownText(q.answerZh())).append("</p>\n");
            if (!q.analysisZh().isEmpty()) {
                h.append("<p class=\"zh\" lang=\"zh\">解析：").append(Html.markdownText(q.analysisZh())).append("</p>\n");
            }
            h.append("<p class=\"muted\">The bank's code sample is not reproduced: many samples contain errors; "
                    + "the experiment below uses the real semantics.</p></details>\n");
        }
        h.append("<p><em>In English:</em> ").append(Html.esc(q.english())).append("</p>\n</div>\n");
    }

    private void appendRun(StringBuilder h, StoredRun r, Path site) throws IOException {
        h.append("<h2>Conclusion</h2>\n<ul class=\"findings\">\n");
        for (Finding f : r.findings()) {
            h.append("<li>");
            switch (f.verdict()) {
                case SUPPORTED -> h.append("<span class=\"badge supported\">supports the textbook</span>");
                case NOT_SUPPORTED -> h.append("<span class=\"badge not-supported\">does not support the textbook</span>");
                case OBSERVED -> h.append("<span class=\"badge observed\">observed</span>");
            }
            h.append(Html.esc(f.text()));
            if (f.claim() != null) {
                h.append("<br><span class=\"muted\">Textbook claim: ").append(Html.esc(f.claim())).append("</span>");
            }
            h.append("</li>\n");
        }
        h.append("</ul>\n<p class=\"muted\">Each sentence is written by the experiment from the numbers below at the "
                + "end of the run, not in advance.</p>\n");
        h.append("<h2>Setup</h2>\n<p>").append(Html.esc(r.setup())).append("</p>\n");
        h.append("<dl class=\"run\">\n");
        dd(h, "mode", r.mode().label() + (r.mode() == Mode.QUICK ? " (small sizes: noisier numbers)" : ""));
        dd(h, "seed", Long.toString(r.seed()));
        dd(h, "wall time", Fmt.num(r.seconds(), 1) + " s (" + (Double.isNaN(r.cpuSeconds()) ? "?" : Fmt.num(r.cpuSeconds(), 1))
                + " CPU-seconds)");
        dd(h, "started", r.startedAt());
        for (Map.Entry<String, String> env : r.environment().entrySet()) {
            dd(h, env.getKey(), env.getValue());
        }
        dd(h, "load average", (Double.isNaN(r.loadBefore()) ? "?" : Fmt.f2(r.loadBefore())) + " at the start, "
                + (Double.isNaN(r.loadAfter()) ? "?" : Fmt.f2(r.loadAfter())) + " at the end");
        h.append("</dl>\n");
        h.append("<h2>Measurements</h2>\n");
        for (Table t : r.tables()) {
            h.append("<table>\n<caption>").append(Html.esc(t.title())).append("</caption>\n<tr>");
            for (Table.Column c : t.columns()) {
                h.append("<th").append(c.isText() ? " class=\"text\"" : "").append(">").append(Html.esc(c.name()))
                        .append("</th>");
            }
            h.append("</tr>\n");
            for (int i = 0; i < t.rowCount(); i++) {
                h.append("<tr>");
                for (int j = 0; j < t.columns().size(); j++) {
                    h.append("<td").append(t.columns().get(j).isText() ? " class=\"text\"" : "").append(">")
                            .append(Html.esc(t.text(i, j))).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        for (StoredRun.PlotFile p : r.plots()) {
            Path src = store.dir().resolve(p.file());
            Path dst = site.resolve("img").resolve(p.file());
            if (Files.isRegularFile(src)) {
                Files.createDirectories(dst.getParent());
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                h.append("<figure><img src=\"img/").append(Html.esc(p.file())).append("\" alt=\"")
                        .append(Html.esc(p.caption())).append("\"><figcaption>").append(Html.esc(p.caption()))
                        .append("</figcaption></figure>\n");
            } else {
                h.append("<p class=\"missing\">Plot file ").append(Html.esc(p.file())).append(" is missing from the results.</p>\n");
            }
        }
        if (!r.notes().isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul>\n");
            for (String n : r.notes()) {
                h.append("<li>").append(Html.esc(n)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
    }

    private static void dd(StringBuilder h, String k, String v) {
        h.append("<dt>").append(Html.esc(k)).append("</dt><dd>").append(Html.esc(v)).append("</dd>\n");
    }

    private static void appendSource(StringBuilder h, String className, String id) {
        String path = className.replace('.', '/') + ".java";
        h.append("<h2>The code that ran</h2>\n<p>Run it: <code>./cambium lab run ").append(id)
                .append("</code> (<code>--quick</code> for the short version, <code>--seed N</code> for another draw). ")
                .append("Source: <code>cambium-lab/src/main/java/").append(Html.esc(path)).append("</code></p>\n");
        String src = source(path);
        if (src == null) {
            h.append("<p class=\"muted\">The source file is not packed in this build.</p>\n");
        } else {
            h.append("<details open><summary>").append(Html.esc(className.substring(className.lastIndexOf('.') + 1)))
                    .append(".java</summary>\n<pre><code>").append(Html.esc(src)).append("</code></pre></details>\n");
        }
    }

    private static String source(String path) {
        try (InputStream in = ReportWriter.class.getResourceAsStream("/" + path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (InputStream in = ReportWriter.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from cambium-lab");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
