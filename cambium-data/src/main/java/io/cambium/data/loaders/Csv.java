package io.cambium.data.loaders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) into a typed
 * {@link CsvTable}. Column names must be unique (a duplicate is an error, not a silently shadowed
 * column), the file UTF-8 text. A column is numeric when every present value parses as a number. Empty fields and
 * {@code NA}, {@code NaN}, {@code null}, {@code ?} are missing values; each is recorded with its row
 * and column.
 */
public final class Csv {
    /** Tokens read as a missing value (besides the empty field). */
    public static final Set<String> MISSING_TOKENS = Set.of("NA", "N/A", "NaN", "nan", "null", "NULL", "?");

    private Csv() {
    }

    /** Reads a comma-separated file whose first line is the header. */
    public static CsvTable read(Path file) {
        return read(file, ',', true);
    }

    /** Reads a file with the given delimiter; without a header, columns are named c0, c1, .... */
    public static CsvTable read(Path file, char delimiter, boolean header) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CSV " + file + " is not a regular file");
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), delimiter, header);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CSV file not found: " + file, e);
        } catch (CharacterCodingException e) {
            // The decoder's own message is "Input length = 1".
            throw new IllegalArgumentException("CSV " + file + " is not UTF-8 text (a binary file?)", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("CSV " + file + ": permission denied", e);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new UncheckedIOException("CSV " + file + ": " + reason, e);
        }
    }

    /** Reads CSV text; {@code name} is used in error messages. */
    public static CsvTable read(Reader in, String name, char delimiter, boolean header) throws IOException {
        RecordReader reader = new RecordReader(in instanceof BufferedReader b ? b : new BufferedReader(in),
                name, delimiter);
        List<String[]> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] rec;
        String[] names = null;
        while ((rec = reader.next()) != null) {
            if (rec.length == 1 && rec[0].isEmpty()) {
                continue; // blank line
            }
            if (header && names == null) {
                names = rec;
                continue;
            }
            records.add(rec);
            lines.add(reader.recordLine);
        }
        if (names == null) {
            if (header) {
                throw new IllegalArgumentException("CSV " + name + ": empty file (no header line)");
            }
            int width = records.isEmpty() ? 0 : records.get(0).length;
            names = new String[width];
            for (int i = 0; i < width; i++) {
                names[i] = "c" + i;
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            names[i] = names[i].trim();
            Integer first = seen.putIfAbsent(names[i], i);
            if (first != null) {
                // Reading by name would silently use the first of them twice.
                throw new IllegalArgumentException("CSV " + name + ": column name '" + names[i] + "' appears twice (columns "
                        + (first + 1) + " and " + (i + 1) + "); column names must be unique");
            }
        }
        for (int r = 0; r < records.size(); r++) {
            if (records.get(r).length != names.length) {
                throw new IllegalArgumentException("CSV " + name + ": line " + lines.get(r) + " has "
                        + records.get(r).length + " fields, expected " + names.length + " (columns "
                        + String.join(", ", names) + ")");
            }
        }
        return CsvTable.build(name, names, records, lines);
    }

    static boolean isMissing(String v) {
        String t = v.trim();
        return t.isEmpty() || MISSING_TOKENS.contains(t);
    }

    /** Splits a character stream into records, tracking the line where each record starts. */
    private static final class RecordReader {
        private final BufferedReader in;
        private final String name;
        private final char delimiter;
        private int line = 1;
        int recordLine;

        RecordReader(BufferedReader in, String name, char delimiter) {
            this.in = in;
            this.name = name;
            this.delimiter = delimiter;
        }

        String[] next() throws IOException {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (c < 0) {
                    if (quoted) {
                        throw new IllegalArgumentException("CSV " + name + ": unterminated quoted field starting on line "
                                + recordLine);
                    }
                    fields.add(f.toString());
                    return fields.toArray(new String[0]);
                }
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        in.mark(1);
                        int d = in.read();
                        if (d == '"') {
                            f.append('"');
                        } else {
                            quoted = false;
                            if (d >= 0) {
                                in.reset();
                            }
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        f.append(ch);
                    }
                } else if (ch == '"' && f.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (ch == delimiter) {
                    fields.add(f.toString());
                    f.setLength(0);
                    wasQuoted = false;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') {
                            in.reset();
                        }
                    }
                    line++;
                    fields.add(f.toString());
                    return fields.toArray(new String[0]);
                } else {
                    f.append(ch);
                }
                c = in.read();
            }
        }
    }
}
