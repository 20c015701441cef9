package io.cambium.data.loaders;

import io.cambium.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A CSV file read into typed columns, with the positions of its missing values. */
public final class CsvTable {

    /** The inferred type of a column. */
    public enum ColumnType { NUMERIC, STRING }

    /**
     * One missing value.
     *
     * @param row    data row, 0-based (the header is not counted)
     * @param line   1-based line of the file where the record starts
     * @param column column name
     */
    public record Missing(int row, int line, String column) {
        @Override
        public String toString() {
            return "row " + row + " (line " + line + "), column '" + column + "'";
        }
    }

    private final String name;
    private final List<String> columns;
    private final ColumnType[] types;
    private final String[][] cells; // [column][row]
    private final int[] lines; // the file line where each row starts
    private final List<Missing> missing;

    private CsvTable(String name, List<String> columns, ColumnType[] types, String[][] cells, int[] lines,
                     List<Missing> missing) {
        this.name = name;
        this.columns = columns;
        this.types = types;
        this.cells = cells;
        this.lines = lines;
        this.missing = missing;
    }

    static CsvTable build(String name, String[] names, List<String[]> records, List<Integer> lines) {
        int cols = names.length;
        int rows = records.size();
        String[][] cells = new String[cols][rows];
        ColumnType[] types = new ColumnType[cols];
        List<Missing> missing = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                String v = records.get(r)[c].trim();
                if (Csv.isMissing(v)) {
                    missing.add(new Missing(r, lines.get(r), names[c]));
                    cells[c][r] = null;
                } else {
                    cells[c][r] = v;
                }
            }
        }
        for (int c = 0; c < cols; c++) {
            types[c] = ColumnType.NUMERIC;
            for (String v : cells[c]) {
                if (v != null && !isNumber(v)) {
                    types[c] = ColumnType.STRING;
                    break;
                }
            }
        }
        missing.sort((a, b) -> a.row != b.row ? Integer.compare(a.row, b.row)
                : Integer.compare(Arrays.asList(names).indexOf(a.column), Arrays.asList(names).indexOf(b.column)));
        int[] lineArray = new int[rows];
        for (int r = 0; r < rows; r++) {
            lineArray[r] = lines.get(r);
        }
        return new CsvTable(name, List.of(names), types, cells, lineArray, Collections.unmodifiableList(missing));
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Column names in file order. */
    public List<String> columns() {
        return columns;
    }

    /** Number of data rows. */
    public int rows() {
        return columns.isEmpty() ? 0 : cells[0].length;
    }

    /** The inferred type of a column. */
    public ColumnType type(String column) {
        return types[index(column)];
    }

    /** Every missing value, in row then column order. */
    public List<Missing> missing() {
        return missing;
    }

    /** The values of a numeric column; missing values are NaN. */
    public float[] numeric(String column) {
        int c = index(column);
        if (types[c] != ColumnType.NUMERIC) {
            String bad = Arrays.stream(cells[c]).filter(v -> v != null && !isNumber(v)).findFirst().orElse("?");
            throw new IllegalArgumentException("CSV " + name + ": column '" + column + "' is not numeric (value '"
                    + bad + "')");
        }
        float[] out = new float[rows()];
        for (int r = 0; r < out.length; r++) {
            if (cells[c][r] == null) {
                out[r] = Float.NaN;
                continue;
            }
            double d = Double.parseDouble(cells[c][r]);
            out[r] = (float) d;
            if (Float.isInfinite(out[r]) && !Double.isInfinite(d)) {
                // 1e39 would become Infinity, then NaN in the first standardization or training step.
                throw new IllegalArgumentException("CSV " + name + ": value '" + cells[c][r] + "' at row " + r + " (line "
                        + lines[r] + "), column '" + column + "' is outside the float32 range (+-3.4e38)");
            }
        }
        return out;
    }

    /** The raw values of any column; missing values are null. */
    public String[] strings(String column) {
        return cells[index(column)].clone();
    }

    /**
     * The given numeric columns as a matrix {@code [rows, columns.length]}.
     *
     * @throws IllegalArgumentException naming the first missing value's row and column, if any
     */
    public Tensor toTensor(String... cols) {
        for (Missing m : missing) {
            if (Arrays.asList(cols).contains(m.column())) {
                throw new IllegalArgumentException("CSV " + name + ": missing value at " + m
                        + " (" + missing.size() + " missing in total); drop or impute before converting");
            }
        }
        int n = rows();
        float[] out = new float[n * cols.length];
        for (int j = 0; j < cols.length; j++) {
            float[] col = numeric(cols[j]);
            for (int r = 0; r < n; r++) {
                out[r * cols.length + j] = col[r];
            }
        }
        return new Tensor(out, n, cols.length);
    }

    /** A table without the rows that have a missing value. */
    public CsvTable dropMissing() {
        boolean[] drop = new boolean[rows()];
        for (Missing m : missing) {
            drop[m.row()] = true;
        }
        int kept = 0;
        for (boolean d : drop) {
            kept += d ? 0 : 1;
        }
        String[][] out = new String[columns.size()][kept];
        for (int c = 0; c < columns.size(); c++) {
            int k = 0;
            for (int r = 0; r < drop.length; r++) {
                if (!drop[r]) {
                    out[c][k++] = cells[c][r];
                }
            }
        }
        int[] keptLines = new int[kept];
        int k = 0;
        for (int r = 0; r < drop.length; r++) {
            if (!drop[r]) {
                keptLines[k++] = lines[r];
            }
        }
        return new CsvTable(name, columns, types.clone(), out, keptLines, List.of());
    }

    private int index(String column) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("CSV " + name + ": no column '" + column + "' (columns: "
                    + String.join(", ", columns) + ")");
        }
        return c;
    }
}
