package io.cambium.nn.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one-file model format: a safetensors file whose tensors are the weights
 * ({@code weights/<variable name>}) and the optimizer state ({@code optimizer/<key>}), and whose
 * {@code __metadata__} holds the JSON parts: {@code format} ({@value #FORMAT}),
 * {@code format_version}, {@code architecture}, {@code optimizer} (config) and {@code training}
 * (epoch, step, RNG state, extras). See {@code docs/decisions/model-file-format.md}.
 *
 * <p>Saving is atomic: a crash or an error mid-save leaves the previous file intact. Loading
 * validates the safetensors structure and the checksum of the whole file (required from version
 * 2 on), the format marker and version, every JSON part (strictly: no unknown metadata or
 * training keys, no duplicate keys, counters in range) and every tensor name, and fails with an
 * {@link InvalidFileException} naming the file.
 */
public final class ModelFile {
    /** The format marker in the metadata. */
    public static final String FORMAT = "cambium.model";
    /**
     * The version written: 2 adds the whole-file checksum (which it requires); version 1 files
     * (data checksum only) are still read. Files of a newer version are rejected.
     */
    public static final int VERSION = 2;
    /** The longest architecture JSON accepted (a GPT's is tens of kilobytes). */
    public static final int MAX_ARCHITECTURE_CHARS = 16 << 20;
    private static final String WEIGHTS = "weights/";
    private static final String OPTIMIZER = "optimizer/";
    private static final Set<String> METADATA_KEYS = Set.of("format", "format_version", "architecture", "optimizer",
            "training", SafeTensors.CRC_KEY, SafeTensors.DATA_CRC_KEY);
    private static final Set<String> TRAINING_KEYS = Set.of("epoch", "step", "rng_state", "extra");
    private static final ObjectMapper JSON = StrictJson.mapper();

    private ModelFile() {
    }

    /**
     * Saves {@code archive} to {@code file} atomically.
     *
     * @throws IllegalArgumentException when the architecture is not valid JSON or a config is not
     *     JSON-serializable
     */
    public static void save(Path file, ModelArchive archive) throws IOException {
        save(file, archive, Map.of());
    }

    /**
     * Saves {@code archive} atomically with some weights in another stored type: {@code weightDtypes}
     * maps a weight name to {@code F16}, {@code BF16} or {@code I8} (see {@link WeightStorage}).
     */
    public static void save(Path file, ModelArchive archive, Map<String, String> weightDtypes) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        if (archive.architecture() != null) {
            try {
                JSON.readTree(archive.architecture());
            } catch (IOException e) {
                throw new IllegalArgumentException("ModelFile: the architecture is not valid JSON: " + e.getMessage(), e);
            }
            meta.put("architecture", archive.architecture());
        }
        if (archive.optimizerConfig() != null) {
            meta.put("optimizer", JSON.writeValueAsString(archive.optimizerConfig()));
        }
        TrainingState t = archive.training();
        if (t != null) {
            Map<String, Object> tj = new LinkedHashMap<>();
            tj.put("epoch", t.epoch());
            tj.put("step", t.step());
            tj.put("rng_state", t.rngState());
            tj.put("extra", t.extra());
            meta.put("training", JSON.writeValueAsString(tj));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        archive.weights().forEach((k, v) -> tensors.put(WEIGHTS + k, v));
        archive.optimizerState().forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
        Map<String, String> dtypes = new LinkedHashMap<>();
        weightDtypes.forEach((k, v) -> dtypes.put(WEIGHTS + k, v));
        SafeTensors.write(file, tensors, meta, dtypes);
    }

    /**
     * Loads and validates a model file.
     *
     * @throws InvalidFileException naming the file and the problem
     */
    public static ModelArchive load(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new InvalidFileException(file, "not a Cambium model file (metadata 'format' is "
                    + (meta.get("format") == null ? "missing" : Printable.quote(meta.get("format")))
                    + "); for plain weights use Weights.load");
        }
        int version;
        String v = meta.getOrDefault("format_version", "");
        if (!v.matches("[0-9]{1,9}")) {
            throw new InvalidFileException(file, "invalid format_version " + Printable.quote(v));
        }
        version = Integer.parseInt(v);
        if (version < 1 || version > VERSION) {
            throw new InvalidFileException(file, "format_version " + version + " is not supported (this Cambium reads 1 to "
                    + VERSION + ")");
        }
        if (version >= 2 && !meta.containsKey(SafeTensors.CRC_KEY)) {
            throw new InvalidFileException(file, "the checksum (metadata '" + SafeTensors.CRC_KEY + "') is missing");
        }
        for (String k : meta.keySet()) {
            if (!METADATA_KEYS.contains(k)) {
                throw new InvalidFileException(file, "unknown metadata key " + Printable.quote(k) + " (expected "
                        + String.join(", ", new java.util.TreeSet<>(METADATA_KEYS)) + ")");
            }
        }
        String architecture = meta.get("architecture");
        if (architecture != null) {
            if (architecture.length() > MAX_ARCHITECTURE_CHARS) {
                throw new InvalidFileException(file, "the architecture JSON has " + architecture.length()
                        + " characters, more than the limit of " + MAX_ARCHITECTURE_CHARS);
            }
            parse(file, "architecture", architecture);
        }
        Map<String, Object> optimizerConfig = null;
        if (meta.containsKey("optimizer")) {
            JsonNode n = parse(file, "optimizer", meta.get("optimizer"));
            if (!n.isObject()) {
                throw new InvalidFileException(file, "optimizer config is not a JSON object");
            }
            optimizerConfig = JSON.convertValue(n, new TypeReference<Map<String, Object>>() { });
        }
        TrainingState training = meta.containsKey("training") ? training(file, parse(file, "training", meta.get("training")))
                : null;
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<String, Tensor> optimizerState = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith(WEIGHTS) && k.length() > WEIGHTS.length()) {
                weights.put(k.substring(WEIGHTS.length()), e.getValue());
            } else if (k.startsWith(OPTIMIZER) && k.length() > OPTIMIZER.length()) {
                optimizerState.put(k.substring(OPTIMIZER.length()), e.getValue());
            } else {
                throw new InvalidFileException(file, "unexpected tensor " + Printable.quote(k)
                    + " (expected weights/... or optimizer/...)");
            }
        }
        return new ModelArchive(architecture, weights, optimizerConfig, optimizerState, training);
    }

    private static JsonNode parse(Path file, String part, String json) throws InvalidFileException {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null) {
                throw new InvalidFileException(file, part + " metadata is empty");
            }
            return n;
        } catch (IOException e) {
            throw new InvalidFileException(file, part + " metadata is not valid JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    private static TrainingState training(Path file, JsonNode n) throws InvalidFileException {
        if (!n.isObject()) {
            throw new InvalidFileException(file, "training metadata is not a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TRAINING_KEYS.contains(k)) {
                throw new InvalidFileException(file, "unknown key training." + Printable.clean(k, 200)
                        + " (expected epoch, step, rng_state, extra)");
            }
        }
        long epoch = count(file, n, "epoch");
        if (epoch > Integer.MAX_VALUE) {
            throw new InvalidFileException(file, "training 'epoch' " + epoch + " is beyond the int range");
        }
        long step = count(file, n, "step");
        long[] rng = null;
        JsonNode r = n.get("rng_state");
        if (r != null && !r.isNull()) {
            if (!r.isArray() || r.size() != 6) {
                throw new InvalidFileException(file, "training rng_state is not an array of 6 integers");
            }
            rng = new long[r.size()];
            for (int i = 0; i < rng.length; i++) {
                JsonNode x = r.get(i);
                if (!x.isIntegralNumber() || !x.canConvertToLong()) {
                    throw new InvalidFileException(file, "training rng_state[" + i + "] is not a 64-bit integer: " + x);
                }
                rng[i] = x.asLong();
            }
            if ((rng[0] | rng[1] | rng[2] | rng[3]) == 0 || (rng[4] != 0 && rng[4] != 1)) {
                throw new InvalidFileException(file, "training rng_state is not a generator state (all-zero state or"
                        + " a spare flag other than 0 and 1)");
            }
        }
        Map<String, Object> extra = Map.of();
        JsonNode ex = n.get("extra");
        if (ex != null && !ex.isNull()) {
            if (!ex.isObject()) {
                throw new InvalidFileException(file, "training extra is not a JSON object");
            }
            extra = JSON.convertValue(ex, new TypeReference<Map<String, Object>>() { });
        }
        return new TrainingState(epoch, step, rng, extra);
    }

    private static long count(Path file, JsonNode n, String key) throws InvalidFileException {
        JsonNode v = n.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new InvalidFileException(file, "training '" + key + "' must be a non-negative integer, got "
                    + Printable.clean(String.valueOf(v), 80));
        }
        return v.asLong();
    }
}
