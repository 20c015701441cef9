package io.cambium.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.io.AtomicFile;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.ModelArchive;
import io.cambium.nn.io.ModelFile;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The driver's checkpoints: {@code step-NNNNNNNNN.cambium} model files (weights, optimizer
 * config and state) and {@code latest.json}, written atomically after the model file, naming
 * the newest one with its step and the run's data order (rows, batch size, shuffle, seed), so a
 * restarted driver resumes exactly where the file was taken and refuses a different run.
 */
final class Checkpoints {
    static final String LATEST = "latest.json";
    private static final String FORMAT = "cambium.spark.checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int keep;
    private final Map<String, Object> run;

    Checkpoints(Path dir, int keep, int rows, int batchSize, boolean shuffle, long seed, String mode) {
        this.dir = dir;
        this.keep = keep;
        this.run = new LinkedHashMap<>();
        run.put("rows", rows);
        run.put("batch_size", batchSize);
        run.put("shuffle", shuffle);
        run.put("seed", seed);
        run.put("mode", mode);
    }

    /** Saves the model at {@code step} and points {@code latest.json} at it; keeps the newest files. */
    void save(Model model, long step) throws IOException {
        Files.createDirectories(dir);
        String name = String.format("step-%09d.cambium", step);
        model.save(dir.resolve(name));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("step", step);
        doc.put("file", name);
        doc.put("run", run);
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        AtomicFile.write(dir.resolve(LATEST), ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
        prune(name);
    }

    private void prune(String newest) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("step-\\d{9}\\.cambium")).sorted().forEach(files::add);
        }
        for (int i = 0; i < files.size() - keep; i++) {
            if (!files.get(i).getFileName().toString().equals(newest)) {
                Files.deleteIfExists(files.get(i));
            }
        }
    }

    /**
     * Restores the newest checkpoint into {@code model} (weights and optimizer state) and returns
     * its step, or -1 when the folder has none.
     *
     * @throws InvalidFileException when the checkpoint is corrupt or from a different run
     */
    long restore(Model model) throws IOException {
        Path latest = dir.resolve(LATEST);
        if (!Files.isRegularFile(latest)) {
            return -1;
        }
        Map<?, ?> doc;
        try {
            if (Files.size(latest) > 1 << 20) {
                throw new InvalidFileException(latest, "is larger than 1 MiB; not a checkpoint index");
            }
            doc = JSON.readValue(new String(Files.readAllBytes(latest), StandardCharsets.UTF_8), Map.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidFileException(latest, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(doc.get("format")) || !(doc.get("step") instanceof Number stepNumber)
                || !(doc.get("file") instanceof String file) || !file.matches("step-\\d{9}\\.cambium")) {
            throw new InvalidFileException(latest, "is not a cambium-spark checkpoint index (format, step, file)");
        }
        if (!run.equals(normalized(doc.get("run")))) {
            throw new InvalidFileException(latest, "was written by a different run " + doc.get("run") + "; this fit is "
                    + run + " (use another checkpoint folder, or the same data and options)");
        }
        long step = stepNumber.longValue();
        if (step < 0) {
            throw new InvalidFileException(latest, "has a negative step " + step);
        }
        Path modelFile = dir.resolve(file);
        ModelArchive a = ModelFile.load(modelFile);
        model.loadWeights(modelFile);
        if (a.optimizerConfig() == null) {
            throw new InvalidFileException(modelFile, "has no optimizer state to resume from");
        }
        if (!a.optimizerConfig().get("name").equals(model.optimizer().config().get("name"))) {
            throw new InvalidFileException(modelFile, "was trained with optimizer " + a.optimizerConfig().get("name")
                    + ", the model is compiled with " + model.optimizer().config().get("name"));
        }
        try {
            model.optimizer().loadState(renamed(a, model));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(modelFile, "optimizer state does not fit the model: " + e.getMessage());
        }
        if (a.training() != null) {
            model.completedEpochs((int) a.training().epoch());
        }
        return step;
    }

    /**
     * The optimizer state keyed by the model's variable names: a model built again in a new
     * driver may name its layers differently, and its weights were assigned by position.
     */
    private static Map<String, Tensor> renamed(ModelArchive a, Model model) {
        List<String> saved = new ArrayList<>(a.weights().keySet());
        List<Variable> vars = model.variables();
        Map<String, String> names = new LinkedHashMap<>();
        if (saved.size() == vars.size()) {
            for (int i = 0; i < saved.size(); i++) {
                names.put(saved.get(i), vars.get(i).name());
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : a.optimizerState().entrySet()) {
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            String var = slash < 0 ? null : names.get(key.substring(0, slash));
            out.put(var == null ? key : var + key.substring(slash), e.getValue());
        }
        return out;
    }

    private static Object normalized(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return o;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number n && !(v instanceof Double || v instanceof Float)) {
                v = "seed".equals(e.getKey()) ? (Object) n.longValue() : (Object) n.intValue();
            }
            out.put(String.valueOf(e.getKey()), v);
        }
        return out;
    }
}
