package io.cambium.zoo.experiments.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a vision experiment measured, in a form any front end can render (the lab's pages, the
 * command line): the setup as run, tables of numbers, PNG charts, and claims tested on the
 * numbers. Nothing in it is written by hand: every value comes from the run.
 */
public final class ExperimentReport {
    /**
     * A table: a title, column names, and rows of {@link String} or {@link Number} cells.
     *
     * @param title   what the table shows
     * @param columns the column names
     * @param rows    the rows, each as long as {@code columns}
     */
    public record Table(String title, List<String> columns, List<List<Object>> rows) {
        public Table {
            columns = List.copyOf(columns);
            List<List<Object>> copy = new ArrayList<>();
            for (List<Object> r : rows) {
                if (r.size() != columns.size()) {
                    throw new IllegalArgumentException("table '" + title + "': a row has " + r.size() + " cells for "
                            + columns.size() + " columns");
                }
                copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
            }
            rows = List.copyOf(copy);
        }

        /** The number in a cell. */
        public double value(int row, String column) {
            return ((Number) rows.get(row).get(columns.indexOf(column))).doubleValue();
        }
    }

    /**
     * A PNG chart.
     *
     * @param caption what it shows
     * @param png     the image
     */
    public record Png(String caption, byte[] png) {
    }

    /**
     * A textbook claim tested by the run.
     *
     * @param claim the claim
     * @param holds whether the measured numbers support it
     * @param text  the numbers behind the verdict
     */
    public record Claim(String claim, boolean holds, String text) {
    }

    private final String setup;
    private final List<Table> tables;
    private final Map<String, Png> pngs;
    private final List<Claim> claims;
    private final List<String> observations;

    ExperimentReport(String setup, List<Table> tables, Map<String, Png> pngs, List<Claim> claims,
                     List<String> observations) {
        this.setup = setup;
        this.tables = List.copyOf(tables);
        this.pngs = Collections.unmodifiableMap(new LinkedHashMap<>(pngs));
        this.claims = List.copyOf(claims);
        this.observations = List.copyOf(observations);
    }

    /** The data, models and schedules as run. */
    public String setup() {
        return setup;
    }

    public List<Table> tables() {
        return tables;
    }

    /** Charts by file name (without extension). */
    public Map<String, Png> pngs() {
        return pngs;
    }

    public List<Claim> claims() {
        return claims;
    }

    /** Findings that test no claim. */
    public List<String> observations() {
        return observations;
    }

    /** A plain-text rendering: setup, tables, claims. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(setup).append('\n');
        for (Table t : tables) {
            b.append('\n').append(t.title()).append('\n').append(String.join(" | ", t.columns())).append('\n');
            for (List<Object> r : t.rows()) {
                List<String> cells = new ArrayList<>();
                for (Object o : r) {
                    cells.add(o instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4f", d) : String.valueOf(o));
                }
                b.append(String.join(" | ", cells)).append('\n');
            }
        }
        for (Claim c : claims) {
            b.append('\n').append(c.holds() ? "[holds] " : "[does not hold] ").append(c.claim()).append(": ")
                    .append(c.text());
        }
        for (String o : observations) {
            b.append('\n').append(o);
        }
        return b.append('\n').toString();
    }
}
