package io.cambium.cli.support;

import io.cambium.cli.UserError;
import io.cambium.interop.keras.KerasModelFile;
import io.cambium.nn.Model;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.IoErrors;
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
