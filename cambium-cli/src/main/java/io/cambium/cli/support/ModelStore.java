package io.cambium.cli.support;

import io.cambium.cli.UserError;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.ModelArchive;
import io.cambium.nn.io.ModelFile;
import io.cambium.nn.io.TrainingState;
import io.cambium.nn.io.Weights;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.optimizers.Optimizers;
import io.cambium.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves and loads trained models as one {@link ModelFile} (architecture JSON, weights, optimizer). */
public final class ModelStore {
    private ModelStore() {
    }

    /** A loaded model with the optimizer it was trained with (null if the file has none). */
    public record Loaded(Model model, Optimizer optimizer, Map<String, Object> extra) {
    }

    /** Writes {@code model} (and its optimizer state) atomically to {@code file}. */
    public static void save(Model model, Optimizer optimizer, int epochs, Map<String, Object> extra, Path file) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Variable v : model.variables()) {
            weights.put(v.name(), v.value());
        }
        ModelArchive a = new ModelArchive(ModelSpecs.toJson(model), weights,
                optimizer == null ? null : optimizer.config(), optimizer == null ? Map.of() : optimizer.state(),
                new TrainingState(epochs, optimizer == null ? 0 : optimizer.iterations(), null, extra));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ModelFile.save(file, a);
        } catch (IOException e) {
            throw new UserError("cannot save the model to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a model file, validating every part. */
    public static Loaded load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("model file not found: " + file);
        }
        ModelArchive a;
        try {
            a = ModelFile.load(file);
        } catch (NoSuchFileException e) {
            throw new UserError("model file not found: " + file);
        } catch (InvalidFileException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        Model m = ModelSpecs.fromJsonString(a.architecture(), file.toString());
        try {
            Weights.assign(file, a.weights(), m.variables());
        } catch (InvalidFileException e) {
            throw new UserError(e.getMessage(), e);
        }
        Optimizer o = null;
        if (a.optimizerConfig() != null) {
            o = Optimizers.fromConfig(a.optimizerConfig());
        }
        Map<String, Object> extra = a.training() == null || a.training().extra() == null ? Map.of() : a.training().extra();
        return new Loaded(m, o, extra);
    }
}
