package io.cambium.nn.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Writes one CSV row per epoch: {@code epoch} then the logged metrics in sorted order (as Keras). */
public class CSVLogger extends Callback {
    private final Path path;
    private String separator = ",";
    private boolean append;
    private BufferedWriter out;
    private List<String> keys;

    /** Logs to {@code path} (overwritten unless {@link #append(boolean)}). */
    public CSVLogger(Path path) {
        this.path = path;
    }

    /** The field separator (default comma). */
    public CSVLogger separator(String s) {
        this.separator = s;
        return this;
    }

    /** Append to an existing file instead of overwriting it. */
    public CSVLogger append(boolean a) {
        this.append = a;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        try {
            boolean hasHeader = append && Files.exists(path) && Files.size(path) > 0;
            if (hasHeader) {
                String first = Files.readAllLines(path, StandardCharsets.UTF_8).get(0);
                String[] cols = first.split(java.util.regex.Pattern.quote(separator));
                keys = new ArrayList<>(List.of(cols).subList(1, cols.length));
            } else {
                keys = null;
            }
            out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + path, e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            if (keys == null) {
                keys = new ArrayList<>(logs.keySet());
                Collections.sort(keys);
                out.write("epoch" + separator + String.join(separator, keys));
                out.newLine();
            }
            StringBuilder b = new StringBuilder().append(epoch);
            for (String k : keys) {
                Double v = logs.get(k);
                b.append(separator).append(v == null ? "NA" : Double.toString(v));
            }
            out.write(b.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + path, e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot close " + path, e);
        } finally {
            out = null;
        }
    }
}
