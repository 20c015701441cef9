package io.cambium.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cambium.nn.io.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Saves runs as {@code <dir>/<id>-<mode>.json} with their plots in {@code <dir>/<id>-<mode>/}, and
 * reads them back. Files are written atomically; a file that does not parse is reported by name.
 */
public final class ResultStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    /** A store in {@code dir} (created on the first save). */
    public ResultStore(Path dir) {
        this.dir = dir;
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** Saves a run's result with its metadata; returns what was stored. */
    public StoredRun save(Experiment e, Mode mode, long seed, String startedAt, double seconds, double cpuSeconds,
            double loadBefore,
            double loadAfter, Result r) {
        String stem = e.id() + "-" + mode.label();
        try {
            Files.createDirectories(dir.resolve(stem));
            List<StoredRun.PlotFile> plots = new ArrayList<>();
            for (Plot p : r.plots()) {
                String file = stem + "/" + p.name() + ".png";
                writeBytes(dir.resolve(file), p.png());
                plots.add(new StoredRun.PlotFile(file, p.caption()));
            }
            StoredRun run = new StoredRun(e.id(), e.questions(), e.title(), e.summary(), mode, seed, startedAt, seconds,
                    cpuSeconds,
                    loadBefore, loadAfter, Environment.describe(), r.setup(), r.tables(), plots, r.findings(), r.notes(),
                    e.getClass().getName());
            byte[] json = JSON.writeValueAsBytes(toJson(run));
            writeBytes(dir.resolve(stem + ".json"), json);
            return run;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot save lab result " + dir.resolve(stem + ".json") + ": "
                    + ex.getMessage(), ex);
        }
    }

    /** Writes {@code bytes} to {@code file} atomically (a crash leaves the old file or the new one). */
    static void writeBytes(Path file, byte[] bytes) throws IOException {
        AtomicFile.write(file, ch -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /** Every run in the store, sorted by id then mode. */
    public List<StoredRun> loadAll() {
        List<StoredRun> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("(q\\d\\d|title)-(quick|full)\\.json"))
                    .sorted().toList()) {
                out.add(load(f));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + dir + ": " + ex.getMessage(), ex);
        }
        return out;
    }

    /** Reads one saved run. */
    public static StoredRun load(Path file) {
        try {
            return fromJson(JSON.readTree(file.toFile()));
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("lab result " + file + " is not readable: " + ex.getMessage(), ex);
        }
    }

    static ObjectNode toJson(StoredRun r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", r.id());
        ArrayNode qs = o.putArray("questions");
        r.questions().forEach(qs::add);
        o.put("title", r.title());
        o.put("summary", r.summary());
        o.put("mode", r.mode().label());
        o.put("seed", r.seed());
        o.put("startedAt", r.startedAt());
        o.put("seconds", r.seconds());
        putNumber(o, "cpuSeconds", r.cpuSeconds());
        putNumber(o, "loadBefore", r.loadBefore());
        putNumber(o, "loadAfter", r.loadAfter());
        ObjectNode env = o.putObject("environment");
        r.environment().forEach(env::put);
        o.put("source", r.source());
        o.put("setup", r.setup());
        ArrayNode tables = o.putArray("tables");
        for (Table t : r.tables()) {
            ObjectNode tn = tables.addObject();
            tn.put("title", t.title());
            ArrayNode cols = tn.putArray("columns");
            for (Table.Column c : t.columns()) {
                cols.addObject().put("name", c.name()).put("decimals", c.decimals());
            }
            ArrayNode rows = tn.putArray("rows");
            for (int i = 0; i < t.rowCount(); i++) {
                ArrayNode row = rows.addArray();
                for (int j = 0; j < t.columns().size(); j++) {
                    Object c = t.cell(i, j);
                    if (c == null) {
                        row.addNull();
                    } else if (c instanceof Double d) {
                        if (Double.isFinite(d)) {
                            row.add(d);
                        } else {
                            row.add(d.isNaN() ? "NaN" : d > 0 ? "inf" : "-inf");
                        }
                    } else {
                        row.add(c.toString());
                    }
                }
            }
        }
        ArrayNode plots = o.putArray("plots");
        for (StoredRun.PlotFile p : r.plots()) {
            plots.addObject().put("file", p.file()).put("caption", p.caption());
        }
        ArrayNode findings = o.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode fn = findings.addObject();
            fn.put("text", f.text());
            fn.put("claim", f.claim());
            fn.put("verdict", f.verdict().name());
        }
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        return o;
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    static StoredRun fromJson(JsonNode o) {
        List<Integer> qs = new ArrayList<>();
        required(o, "questions").forEach(n -> qs.add(n.asInt()));
        Map<String, String> env = new LinkedHashMap<>();
        required(o, "environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        List<Table> tables = new ArrayList<>();
        for (JsonNode tn : required(o, "tables")) {
            Table t = new Table(text(tn, "title"));
            for (JsonNode c : required(tn, "columns")) {
                t.column(new Table.Column(text(c, "name"), c.path("decimals").asInt()));
            }
            for (JsonNode row : required(tn, "rows")) {
                Object[] cells = new Object[row.size()];
                for (int j = 0; j < cells.length; j++) {
                    JsonNode c = row.get(j);
                    cells[j] = c.isNull() ? null : c.isNumber() ? (Object) c.asDouble() : c.asText();
                }
                t.row(cells);
            }
            tables.add(t);
        }
        List<StoredRun.PlotFile> plots = new ArrayList<>();
        for (JsonNode p : required(o, "plots")) {
            String file = text(p, "file");
            if (file.contains("..") || file.startsWith("/")) {
                throw new IllegalArgumentException("plot file '" + file + "' leaves the results directory");
            }
            plots.add(new StoredRun.PlotFile(file, text(p, "caption")));
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : required(o, "findings")) {
            JsonNode claim = f.get("claim");
            findings.add(new Finding(text(f, "text"), claim == null || claim.isNull() ? null : claim.asText(),
                    Finding.Verdict.valueOf(text(f, "verdict"))));
        }
        List<String> notes = new ArrayList<>();
        required(o, "notes").forEach(n -> notes.add(n.asText()));
        return new StoredRun(text(o, "id"), qs, text(o, "title"), text(o, "summary"), Mode.of(text(o, "mode")),
                o.path("seed").asLong(), text(o, "startedAt"), o.path("seconds").asDouble(), number(o, "cpuSeconds"),
                number(o, "loadBefore"), number(o, "loadAfter"), env, text(o, "setup"), tables, plots, findings,
                notes, text(o, "source"));
    }

    private static double number(JsonNode o, String key) {
        JsonNode n = o.get(key);
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private static JsonNode required(JsonNode o, String key) {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing field '" + key + "'");
        }
        return n;
    }

    private static String text(JsonNode o, String key) {
        return required(o, key).asText();
    }
}
