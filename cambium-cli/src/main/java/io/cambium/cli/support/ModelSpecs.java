package io.cambium.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.cli.UserError;
import io.cambium.nn.Model;
import io.cambium.nn.ModelConfig;
import io.cambium.nn.Sequential;
import io.cambium.nn.io.IoErrors;
import io.cambium.nn.io.Printable;
import io.cambium.nn.io.StrictJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds models from the {@code --model} option: a preset name ({@link Presets}) or a JSON spec file
 * in Keras' {@code model.to_json()} layout: {@code {"class_name": "Sequential", "config": {...}}}.
 */
public final class ModelSpecs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelSpecs() {
    }

    /** A new model from a preset name or spec file, for inputs of {@code sampleShape} and {@code classes} outputs. */
    public static Model build(String spec, int[] sampleShape, int classes) {
        if (Presets.names().contains(spec)) {
            return Presets.build(spec, sampleShape, classes);
        }
        if (!spec.endsWith(".json") && !Files.exists(Path.of(spec))) {
            throw new UserError("unknown model '" + spec + "' (presets: " + String.join(", ", Presets.names())
                    + "; or a JSON spec file)");
        }
        return fromJson(Path.of(spec));
    }

    /** Reads a JSON model spec. */
    public static Model fromJson(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("model spec not found: " + file);
        } catch (IOException e) {
            throw new UserError("model spec " + file + ": " + IoErrors.reason(e));
        }
        return fromJsonString(text, file.toString());
    }

    /**
     * Builds a model from JSON spec text; {@code file} names its origin in messages. Read strictly
     * (see {@link ModelConfig#fromJson}): an unknown or misspelled key is an error naming its path.
     */
    @SuppressWarnings("unchecked")
    public static Model fromJsonString(String text, String file) {
        Map<String, Object> root;
        try {
            root = StrictJson.mapper().readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new UserError("model spec " + file + " is not valid JSON: line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (root == null) {
            throw new UserError("model spec " + file + " is empty");
        }
        Object cls = root.get("class_name");
        Object config = root.get("config");
        if (!(config instanceof Map)) {
            throw new UserError("model spec " + file + ": expected {\"class_name\": \"Sequential\" or \"Functional\","
                    + " \"config\": {...}}");
        }
        Map<String, Object> c = (Map<String, Object>) config;
        if (!(c.get("layers") instanceof List)) {
            throw new UserError("model spec " + file + ": config has no \"layers\" list");
        }
        if (!"Sequential".equals(cls) && !"Functional".equals(cls) && !"Model".equals(cls)) {
            throw new UserError("model spec " + file + ": class_name must be \"Sequential\" or \"Functional\", got "
                    + Printable.clean(String.valueOf(cls), 80));
        }
        try {
            return ModelConfig.fromMap(root);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError("model spec " + file + ": " + e.getMessage(), e);
        }
    }

    /** The Keras-style JSON spec of a model (what {@link #fromJson(Path)} reads). */
    public static String toJson(Model m) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                    Map.of("class_name", m instanceof Sequential ? "Sequential" : "Functional", "config", m.config()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
