package io.cambium.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.cli.UserError;
import io.cambium.cli.llm.LoadedLm;
import io.cambium.interop.keras.KerasModelFile;
import io.cambium.llm.model.Gpt;
import io.cambium.nn.Model;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.IoErrors;
import io.cambium.nn.io.ModelArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Models with weights from the files the CLI accepts: Cambium model files and Keras 3 {@code .keras} files. */
public final class ModelSources {
    private ModelSources() {
    }

    /** Whether {@code file} is named as a Keras 3 model file. */
    public static boolean isKerasFile(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".keras");
    }

    /**
     * A model to export: a GPT from a pretraining run directory ({@code ckpt.cambium}), a Hugging
     * Face GPT-2 checkpoint directory or a GPT model file (saved or a checkpoint); else as
     * {@link #loadTrained}. A model file is read once.
     */
    public static Model loadForExport(Path path) {
        if (Files.isDirectory(path)) {
            return LoadedLm.loadModel(path);
        }
        if (isKerasFile(path)) {
            return loadTrained(path);
        }
        ModelArchive a = ModelStore.read(path);
        if (holdsGpt(a)) {
            try {
                return Gpt.fromArchive(path, a);
            } catch (InvalidFileException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
        return ModelStore.rebuild(path, a).model();
    }

    /** Whether the archive's architecture is a GPT ({@code {"class_name": "GPT", ...}}). */
    private static boolean holdsGpt(ModelArchive a) {
        if (a.architecture() == null) {
            return false;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(a.architecture());
            return root != null && Gpt.CLASS_NAME.equals(root.path("class_name").asText(null));
        } catch (JsonProcessingException e) {
            return false;  // rebuilding reports the broken architecture with its file
        }
    }

    /** A model with its weights: a {@code .keras} file through cambium-interop, else a Cambium model file. */
    public static Model loadTrained(Path file) {
        if (!isKerasFile(file)) {
            return ModelStore.load(file).model();
        }
        if (!Files.exists(file)) {
            throw new UserError("Keras model file not found: " + file);
        }
        try {
            return KerasModelFile.load(file);
        } catch (InvalidFileException e) {
            throw new UserError(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new UserError("Keras model file not found: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + IoErrors.reason(file, e), e);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage(), e);
        }
    }
}
