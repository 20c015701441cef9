package io.cambium.ml.search;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** All trials of a search and the best one; {@link #table()} prints them. */
public final class SearchResult {
    private final String method;
    private final List<Param> params;
    private final List<Trial> trials;
    private final boolean minimize;

    SearchResult(String method, List<Param> params, List<Trial> trials, boolean minimize) {
        if (trials.isEmpty()) {
            throw new IllegalStateException(method + " ran no trials");
        }
        this.method = method;
        this.params = params;
        this.trials = Collections.unmodifiableList(new ArrayList<>(trials));
        this.minimize = minimize;
    }

    /** Every trial in evaluation order. */
    public List<Trial> trials() {
        return trials;
    }

    /** Whether lower scores are better. */
    public boolean minimize() {
        return minimize;
    }

    /** The best trial (the first one among equals). */
    public Trial best() {
        Trial best = trials.get(0);
        for (Trial t : trials) {
            if (better(t.score(), best.score())) {
                best = t;
            }
        }
        return best;
    }

    /** The best trial's hyperparameters. */
    public Map<String, Object> bestParams() {
        return best().params();
    }

    /** The best trial's score. */
    public double bestScore() {
        return best().score();
    }

    boolean better(double a, double b) {
        if (Double.isNaN(b)) {
            return !Double.isNaN(a);
        }
        return minimize ? a < b : a > b;
    }

    /** The trial table: one row per trial, the best marked with '*'. */
    public String table() {
        List<String> header = new ArrayList<>();
        header.add("trial");
        for (Param p : params) {
            header.add(p.name());
        }
        header.add(minimize ? "value" : "score");
        boolean folds = trials.get(0).evaluation().foldScores().length > 0;
        if (folds) {
            header.add("std");
            header.add("folds");
        }
        header.add("time");
        List<List<String>> rows = new ArrayList<>();
        Trial best = best();
        for (Trial t : trials) {
            List<String> r = new ArrayList<>();
            r.add((t == best ? "*" : "") + t.number());
            for (Param p : params) {
                r.add(format(t.params().get(p.name())));
            }
            r.add(String.format(Locale.ROOT, "%.4f", t.score()));
            if (folds) {
                r.add(String.format(Locale.ROOT, "%.4f", t.evaluation().std()));
                StringBuilder sb = new StringBuilder();
                for (double v : t.evaluation().foldScores()) {
                    sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", v));
                }
                r.add(sb.toString());
            }
            r.add(String.format(Locale.ROOT, "%.2fs", t.seconds()));
            rows.add(r);
        }
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(": ").append(trials.size()).append(" trials, ")
                .append(minimize ? "lower" : "higher").append(" is better\n");
        appendRow(sb, header, width);
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        sb.append("-".repeat(Math.max(0, total - 2))).append('\n');
        for (List<String> r : rows) {
            appendRow(sb, r, width);
        }
        sb.append("best: trial ").append(best.number()).append(' ').append(best.params()).append(' ')
                .append(minimize ? "value " : "score ").append(String.format(Locale.ROOT, "%.4f", best.score()))
                .append('\n');
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            String s = cells.get(c);
            sb.append(" ".repeat(width[c] - s.length())).append(s);
            sb.append(c + 1 < cells.size() ? "  " : "\n");
        }
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.4g", d);
        }
        if (v instanceof Float f) {
            return String.format(Locale.ROOT, "%.4g", f);
        }
        return String.valueOf(v);
    }

    /** Prints {@link #table()}. */
    public void print(PrintStream out) {
        out.print(table());
        out.flush();
    }

    @Override
    public String toString() {
        return table();
    }
}
