package io.cambium.board.dashboard;

import io.cambium.board.tensorboard.EventFileReader;
import io.cambium.board.tensorboard.SummaryWriter;
import io.cambium.board.tensorboard.proto.DataType;
import io.cambium.board.tensorboard.proto.Event;
import io.cambium.board.tensorboard.proto.Summary;
import io.cambium.board.tensorboard.proto.hparams.HParamsPluginData;
import io.cambium.board.tensorboard.proto.hparams.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the TensorBoard logs of finished runs (as the {@code TensorBoard} callback writes them)
 * into the dashboard, to compare them side by side with each other or with a live run.
 */
public final class RunLogs {
    private RunLogs() {
    }

    /**
     * The run directories under {@code dir}: {@code dir} itself when it holds event files or a
     * {@code train} directory, else each subdirectory that does, by name.
     */
    public static List<Path> runDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a directory: " + dir);
        }
        if (isRun(dir)) {
            return List.of(dir);
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isDirectory(p) && isRun(p)) {
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no TensorBoard run in " + dir + " (no events.out.tfevents.* file, no train/ directory)");
        }
        return out;
    }

    private static boolean isRun(Path dir) throws IOException {
        return !EventFileReader.eventFiles(dir).isEmpty() || !EventFileReader.eventFiles(dir.resolve("train")).isEmpty();
    }

    /** Loads one run directory into {@code server}; returns the run's id. */
    static String load(DashboardServer server, Path runDir) throws IOException {
        boolean keras = Files.isDirectory(runDir.resolve("train"));
        List<Event> train = EventFileReader.readDirectory(keras ? runDir.resolve("train") : runDir);
        List<Event> validation = keras ? EventFileReader.readDirectory(runDir.resolve("validation")) : List.of();
        List<Event> root = keras ? EventFileReader.readDirectory(runDir) : List.of();
        TreeMap<Long, Map<String, Object>> epochs = new TreeMap<>();
        TreeMap<Long, Map<String, Object>> steps = new TreeMap<>();
        TreeMap<Long, Map<String, Object>> grads = new TreeMap<>();
        String[] summary = {""};
        Map<String, Object> hparams = new LinkedHashMap<>();
        String[] status = {"finished"};
        scan(train, "", epochs, steps, grads, summary, hparams, status);
        scan(validation, "val_", epochs, steps, grads, summary, hparams, status);
        scan(root, "", epochs, steps, grads, summary, hparams, status);
        String name = runDir.toAbsolutePath().normalize().getFileName().toString();
        String id = server.addRun(name);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("status", status[0]);
        data.put("summary", summary[0]);
        data.put("hparams", hparams);
        data.put("epochs", new ArrayList<>(epochs.values()));
        data.put("steps", new ArrayList<>(steps.values()));
        data.put("gradients", new ArrayList<>(grads.values()));
        data.put("source", runDir.toString());
        server.update(id, "load", data, r -> {
            r.status = status[0];
            r.message = "from " + runDir;
            r.summary = summary[0];
            r.hparams = hparams;
            r.epochs.addAll(epochs.values());
            for (Map<String, Object> s : steps.values()) {
                r.addStep(s);
            }
            r.gradients.addAll(grads.values());
        });
        return id;
    }

    private static void scan(List<Event> events, String prefix, TreeMap<Long, Map<String, Object>> epochs,
                             TreeMap<Long, Map<String, Object>> steps, TreeMap<Long, Map<String, Object>> grads,
                             String[] summary, Map<String, Object> hparams, String[] status) throws IOException {
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                String tag = v.getTag();
                long step = e.getStep();
                if (tag.equals("model_summary") && v.getTensor().getDtype() == DataType.DT_STRING) {
                    summary[0] = v.getTensor().getStringVal(0).toString(StandardCharsets.UTF_8)
                            .replace("```\n", "").replace("\n```", "");
                    continue;
                }
                if (tag.equals(SummaryWriter.SESSION_START_INFO_TAG) || tag.equals(SummaryWriter.SESSION_END_INFO_TAG)) {
                    HParamsPluginData d = HParamsPluginData.parseFrom(v.getMetadata().getPluginData().getContent());
                    if (d.hasSessionStartInfo()) {
                        d.getSessionStartInfo().getHparamsMap().forEach((k, pv) -> hparams.put(k,
                                pv.hasNumberValue() ? (Object) pv.getNumberValue()
                                        : pv.hasBoolValue() ? (Object) pv.getBoolValue() : pv.getStringValue()));
                    } else if (d.hasSessionEndInfo()) {
                        status[0] = d.getSessionEndInfo().getStatus() == Status.STATUS_SUCCESS ? "finished" : "failed";
                    }
                    continue;
                }
                float value;
                try {
                    value = SummaryWriter.scalarValue(v);
                } catch (IllegalArgumentException notScalar) {
                    continue;
                }
                if (tag.startsWith("epoch_")) {
                    String k = tag.substring(6);
                    k = k.equals("learning_rate") ? "learning_rate" : prefix + k;
                    row(epochs, step, "epoch").put(k, Dashboard.num(value));
                } else if (tag.startsWith("batch_")) {
                    row(steps, step, "step").put(prefix + tag.substring(6), Dashboard.num(value));
                } else if (tag.equals("gradients/global_norm")) {
                    row(grads, step, "step").put("global", Dashboard.num(value));
                } else if (tag.startsWith("gradients/") && tag.endsWith("/norm")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> layers = (Map<String, Object>) row(grads, step, "step")
                            .computeIfAbsent("layers", x -> new LinkedHashMap<String, Object>());
                    layers.put(tag.substring(10, tag.length() - 5), Dashboard.num(value));
                }
            }
        }
    }

    private static Map<String, Object> row(TreeMap<Long, Map<String, Object>> rows, long key, String keyName) {
        return rows.computeIfAbsent(key, k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(keyName, k);
            return m;
        });
    }
}
