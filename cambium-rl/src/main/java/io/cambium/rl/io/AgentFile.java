package io.cambium.rl.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.SafeTensors;
import io.cambium.nn.io.Weights;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-file agent format, built on the model files' machinery: a safetensors file (atomic
 * write, CRC-checked and validated read, see {@link SafeTensors}) whose tensors are the agent's
 * networks, optimizer state and replay buffer under prefixes ({@code policy/}, {@code target/},
 * {@code optimizer/}, {@code replay/}, ...) and whose metadata holds {@code format}
 * ({@value #FORMAT}), {@code format_version}, the {@code algorithm}, the {@code env} id, the
 * hyperparameters ({@code config}, JSON) and the training state ({@code state}, JSON: counters,
 * random generators, normalization statistics, the training log).
 */
public final class AgentFile {
    /** The format marker. */
    public static final String FORMAT = "cambium.agent";
    /** The version written; newer files are rejected. */
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Everything in an agent file. */
    public record Contents(String algorithm, String envId, Map<String, Object> config, Map<String, Object> state,
                           Map<String, Tensor> tensors) {
    }

    private AgentFile() {
    }

    /** Writes {@code c} to {@code file} atomically. */
    public static void save(Path file, Contents c) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        meta.put("algorithm", c.algorithm());
        meta.put("env", c.envId());
        meta.put("config", JSON.writeValueAsString(c.config()));
        meta.put("state", JSON.writeValueAsString(c.state()));
        SafeTensors.write(file, c.tensors(), meta);
    }

    /**
     * Reads and validates the structure of an agent file (the agent validates the contents).
     *
     * @throws InvalidFileException naming the file for a corrupt file, another format or a newer version
     */
    public static Contents load(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new InvalidFileException(file, "not a Cambium agent file (metadata 'format' is "
                    + (meta.get("format") == null ? "missing" : "'" + meta.get("format") + "'") + ")");
        }
        int version;
        try {
            version = Integer.parseInt(meta.getOrDefault("format_version", ""));
        } catch (NumberFormatException e) {
            throw new InvalidFileException(file, "invalid format_version '" + meta.get("format_version") + "'");
        }
        if (version < 1 || version > VERSION) {
            throw new InvalidFileException(file, "agent format_version " + version + " is not supported (this Cambium reads 1 to "
                    + VERSION + ")");
        }
        for (String k : List.of("algorithm", "env", "config", "state")) {
            if (meta.get(k) == null) {
                throw new InvalidFileException(file, "agent metadata '" + k + "' is missing");
            }
        }
        return new Contents(meta.get("algorithm"), meta.get("env"), json(file, "config", meta.get("config")),
                json(file, "state", meta.get("state")), c.tensors());
    }

    private static Map<String, Object> json(Path file, String part, String text) throws InvalidFileException {
        try {
            Map<String, Object> m = JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
            if (m == null) {
                throw new InvalidFileException(file, "agent metadata '" + part + "' is empty");
            }
            return m;
        } catch (IOException e) {
            throw new InvalidFileException(file, "agent metadata '" + part + "' is not a JSON object: " + e.getMessage(), e);
        }
    }

    /** The values of {@code variables} keyed {@code prefix + name}. */
    public static Map<String, Tensor> tensors(String prefix, List<Variable> variables) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Variable v : variables) {
            if (m.put(prefix + v.name(), v.value()) != null) {
                throw new IllegalStateException("two variables are named '" + v.name() + "'");
            }
        }
        return m;
    }

    /**
     * Assigns the tensors under {@code prefix} to {@code variables} by name, all or nothing.
     *
     * @throws InvalidFileException listing missing, unexpected and mis-shaped weights
     */
    public static void assign(Path file, Map<String, Tensor> tensors, String prefix, List<Variable> variables)
            throws InvalidFileException {
        Map<String, Tensor> part = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                part.put(k.substring(prefix.length()), v);
            }
        });
        Weights.assign(file, part, variables);
    }

    /** The tensors under {@code prefix}, with the prefix removed. */
    public static Map<String, Tensor> section(Map<String, Tensor> tensors, String prefix) {
        Map<String, Tensor> part = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                part.put(k.substring(prefix.length()), v);
            }
        });
        return part;
    }
}
