package io.cambium.cli.support;

import io.cambium.cli.UserError;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.ModelSaving;
import io.cambium.nn.io.AtomicFile;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.IoErrors;
import io.cambium.nn.io.ModelArchive;
import io.cambium.nn.io.ModelFile;
import io.cambium.nn.io.TrainingState;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Tensor;

import java.io.IOException;
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
        Map<String, String> dtypes = new LinkedHashMap<>();
        for (io.cambium.nn.Layer l : model.allLayersIncludingSelf()) {
            if (l instanceof io.cambium.nn.io.WeightStorage w) {
                dtypes.putAll(w.weightDtypes());
            }
        }
        try {
            ModelFile.save(file, a, dtypes);
        } catch (IOException e) {
            throw new UserError("cannot save the model to " + file + ": " + IoErrors.reason(file, e), e);
        }
    }

    /**
     * Checks before a run that {@code file} can be written (see {@link AtomicFile#checkWritable}),
     * so that a finished training is not lost to a bad {@code -o}.
     */
    public static void checkWritable(Path file, String option) {
        try {
            AtomicFile.checkWritable(file);
        } catch (IOException e) {
            throw new UserError(option + ": cannot write " + file + ": " + IoErrors.reason(file, e), e);
        }
    }

    /** Reads a model file, validating every part, as {@link Model#load} does. */
    public static Loaded load(Path file) {
        return rebuild(file, read(file));
    }

    /** The parts of a model file, read and checked, not yet rebuilt into a model. */
    public static ModelArchive read(Path file) {
        try {
            return ModelFile.load(file);
        } catch (InvalidFileException e) {
            throw new UserError(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new UserError("model file not found: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read model file " + file + ": " + IoErrors.reason(file, e), e);
        }
    }

    /** The model (and optimizer) of an archive read from {@code file} (named in messages). */
    public static Loaded rebuild(Path file, ModelArchive a) {
        Model m;
        // quantized models (cambium compress) hold layers of cambium-compress
        io.cambium.compress.quantization.CompressLayers.register();
        try {
            m = ModelSaving.rebuild(file, a);
        } catch (InvalidFileException e) {
            throw new UserError(e.getMessage(), e);
        }
        Map<String, Object> extra = a.training() == null || a.training().extra() == null ? Map.of() : a.training().extra();
        return new Loaded(m, m.restoredOptimizer(), extra);
    }
}
