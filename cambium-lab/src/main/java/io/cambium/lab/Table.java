package io.cambium.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A measured table: named columns, each either text or a number shown with a fixed count of
 * decimals (or in scientific notation), and rows of cells. Cells keep their raw values so tests and
 * conclusions can compare them; {@link #text(int, int)} is what the page shows.
 */
public final class Table {
    /** Decimals value of a column shown in scientific notation. */
    public static final int SCIENTIFIC = -2;
    private static final int TEXT = -1;

    /** A column: its header and how its numbers are written (decimals, {@code -1} text, {@link #SCIENTIFIC}). */
    public record Column(String name, int decimals) {
        /** Whether the column holds text rather than numbers. */
        public boolean isText() {
            return decimals == TEXT;
        }
    }

    private final String title;
    private final List<Column> columns = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();

    /** An empty table; add columns with {@link #text}, {@link #num} and {@link #sci}, then rows. */
    public Table(String title) {
        this.title = title;
    }

    /** Adds a text column. */
    public Table text(String name) {
        return column(name, TEXT);
    }

    /** Adds a numeric column written with {@code decimals} digits after the point. */
    public Table num(String name, int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("column '" + name + "': decimals must be >= 0, got " + decimals);
        }
        return column(name, decimals);
    }

    /** Adds a numeric column written in scientific notation (values spanning decades). */
    public Table sci(String name) {
        return column(name, SCIENTIFIC);
    }

    /** Adds a column as described by {@code c} (used when a table is read back from JSON). */
    public Table column(Column c) {
        return column(c.name(), c.decimals());
    }

    private Table column(String name, int decimals) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("table '" + title + "': add columns before rows");
        }
        columns.add(new Column(name, decimals));
        return this;
    }

    /**
     * Adds a row: one cell per column, a {@link String} for a text column, a {@link Number} (or
     * null for "not measured") for a numeric one.
     */
    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("table '" + title + "': a row needs " + columns.size() + " cells "
                    + names() + ", got " + cells.length);
        }
        List<Object> row = new ArrayList<>(cells.length);
        for (int i = 0; i < cells.length; i++) {
            Object c = cells[i];
            Column col = columns.get(i);
            if (col.isText()) {
                row.add(c == null ? "" : c.toString());
            } else if (c == null || c instanceof Number) {
                row.add(c == null ? null : ((Number) c).doubleValue());
            } else if (c instanceof String s) {
                row.add(Double.parseDouble(s.equals("inf") ? "Infinity" : s.equals("-inf") ? "-Infinity" : s));
            } else {
                throw new IllegalArgumentException("table '" + title + "', column '" + col.name()
                        + "': expected a number, got " + c.getClass().getSimpleName());
            }
        }
        rows.add(row);
        return this;
    }

    /** The table's title. */
    public String title() {
        return title;
    }

    /** The columns in order. */
    public List<Column> columns() {
        return Collections.unmodifiableList(columns);
    }

    /** The number of rows. */
    public int rowCount() {
        return rows.size();
    }

    /** The raw cell: a String, a Double, or null. */
    public Object cell(int row, int col) {
        return rows.get(row).get(col);
    }

    /** The numeric value of a cell (NaN for an empty one). */
    public double value(int row, int col) {
        Object c = cell(row, col);
        if (c instanceof Double d) {
            return d;
        }
        if (c == null) {
            return Double.NaN;
        }
        throw new IllegalArgumentException("table '" + title + "': column '" + columns.get(col).name() + "' holds text");
    }

    /** The cell as the page shows it. */
    public String text(int row, int col) {
        Object c = cell(row, col);
        int d = columns.get(col).decimals();
        if (c == null) {
            return "–";
        }
        if (c instanceof String s) {
            return s;
        }
        double v = (Double) c;
        return d == SCIENTIFIC ? Fmt.sci(v) : Fmt.num(v, d);
    }

    /** The index of the column named {@code name}. */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("table '" + title + "' has no column '" + name + "' " + names());
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        for (Column c : columns) {
            n.add(c.name());
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(title).append('\n');
        int[] w = new int[columns.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = columns.get(c).name().length();
            for (int r = 0; r < rows.size(); r++) {
                w[c] = Math.max(w[c], text(r, c).length());
            }
        }
        for (int c = 0; c < w.length; c++) {
            sb.append(String.format("%-" + (w[c] + 2) + "s", columns.get(c).name()));
        }
        sb.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < w.length; c++) {
                sb.append(String.format("%-" + (w[c] + 2) + "s", text(r, c)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
