package io.cambium.nn;

import io.cambium.Cambium;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.ModelArchive;
import io.cambium.nn.io.ModelFile;
import io.cambium.nn.io.SafeTensors;
import io.cambium.nn.io.TrainingState;
import io.cambium.nn.io.Weights;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.losses.RowLoss;
import io.cambium.nn.metrics.Metric;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.optimizers.Optimizers;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Model files (architecture, weights, optimizer, training state) and weights files for {@link Model}. */
final class ModelSaving {
    private ModelSaving() {
    }

    static void save(Model model, Path file) throws IOException {
        String architecture = ModelConfig.toJson(model);
        Map<String, Tensor> weights = namedWeights(model);
        Map<String, Object> optimizerConfig = null;
        Map<String, Tensor> optimizerState = Map.of();
        long step = 0;
        Map<String, Object> extra = new LinkedHashMap<>();
        if (model.isCompiled()) {
            Optimizer opt = model.optimizer();
            optimizerConfig = opt.config();
            optimizerState = opt.state();
            step = opt.iterations();
            List<Object> losses = new ArrayList<>();
            for (Loss l : model.trainer().losses()) {
                // Custom losses cannot be re-created; the loaded model then waits for compile().
                losses.add(l instanceof RowLoss r ? Losses.toConfig(r) : null);
            }
            List<Double> lossWeights = new ArrayList<>();
            for (float w : model.trainer().lossWeights()) {
                lossWeights.add((double) w);
            }
            extra.put("loss_weights", lossWeights);
            List<String> metrics = new ArrayList<>();
            for (Metric m : model.trainer().metricPrototypes()) {
                metrics.add(m.name());
            }
            extra.put("losses", losses);
            extra.put("metrics", metrics);
        }
        long[] rng;
        synchronized (Cambium.rng()) {
            rng = Cambium.rng().state();
        }
        TrainingState ts = new TrainingState(model.completedEpochs(), step, rng, extra);
        Map<String, String> dtypes = new LinkedHashMap<>();
        for (Layer l : model.allLayersIncludingSelf()) {
            if (l instanceof io.cambium.nn.io.WeightStorage w) {
                dtypes.putAll(w.weightDtypes());
            }
        }
        ModelFile.save(file, new ModelArchive(architecture, weights, optimizerConfig, optimizerState, ts), dtypes);
    }

    static Model load(Path file) throws IOException {
        ModelArchive a = ModelFile.load(file);
        Model m;
        try {
            m = ModelConfig.fromJson(a.architecture());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidFileException(file, "cannot rebuild the architecture: " + e.getMessage(), e);
        }
        Weights.assign(file, a.weights(), m.variables());
        for (Layer l : m.allLayersIncludingSelf()) {
            if (l instanceof io.cambium.nn.io.WeightStorage w) {
                try {
                    w.validateWeights();
                } catch (IllegalArgumentException e) {
                    throw new InvalidFileException(file, "invalid weights: " + e.getMessage(), e);
                }
            }
        }
        if (a.optimizerConfig() != null) {
            Optimizer opt;
            try {
                opt = Optimizers.fromConfig(a.optimizerConfig());
                opt.loadState(a.optimizerState());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new InvalidFileException(file, "cannot restore the optimizer: " + e.getMessage(), e);
            }
            m.restoredOptimizer(opt);
            recompile(m, opt, a.training());
        }
        TrainingState ts = a.training();
        if (ts != null) {
            m.completedEpochs((int) ts.epoch());
            if (ts.rngState() != null) {
                synchronized (Cambium.rng()) {
                    Cambium.rng().setState(ts.rngState());
                }
            }
        }
        return m;
    }

    /** Compiles a loaded model as it was saved when its losses and metrics are built-in ones. */
    @SuppressWarnings("unchecked")
    private static void recompile(Model m, Optimizer opt, TrainingState ts) {
        if (ts == null || !(ts.extra().get("losses") instanceof List<?> lossConfigs)) {
            return;
        }
        List<Loss> losses = new ArrayList<>();
        for (Object c : lossConfigs) {
            if (!(c instanceof Map<?, ?> map)) {
                return;
            }
            losses.add(Losses.fromConfig((Map<String, Object>) map));
        }
        List<Float> weights = null;
        if (ts.extra().get("loss_weights") instanceof List<?> ws && ws.size() == losses.size()) {
            weights = new ArrayList<>();
            for (Object w : ws) {
                weights.add(((Number) w).floatValue());
            }
        }
        List<Metric> metrics = new ArrayList<>();
        if (ts.extra().get("metrics") instanceof List<?> names) {
            for (Object n : names) {
                try {
                    metrics.add(Metrics.get(String.valueOf(n)));
                } catch (IllegalArgumentException e) {
                    return;
                }
            }
        }
        m.compile(opt, losses, weights, metrics.toArray(new Metric[0]));
    }

    static Map<String, Tensor> namedWeights(Model model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Variable v : model.variables()) {
            if (out.put(v.name(), v.value()) != null) {
                throw new IllegalStateException(model.describe() + ": two variables are named '" + v.name()
                        + "'; give the layers distinct names to save the model");
            }
        }
        return out;
    }

    static void saveWeights(Model model, Path file) throws IOException {
        Weights.save(file, model.variables());
    }

    /**
     * Loads weights by variable name; when the names differ (a model built again in the same
     * process gets new default names) but the file holds exactly one weight per variable with the
     * same shapes in the same order, assigns them by position, as Keras does.
     */
    static void loadWeights(Model model, Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, Tensor> tensors = c.tensors();
        if (ModelFile.FORMAT.equals(c.metadata().get("format"))) {
            tensors = ModelFile.load(file).weights();
        }
        List<Variable> vars = model.variables();
        Set<String> names = new HashSet<>();
        for (Variable v : vars) {
            names.add(v.name());
        }
        if (names.equals(tensors.keySet())) {
            Weights.assign(file, tensors, vars);
            return;
        }
        String problem = positionalProblem(tensors, vars);
        if (problem != null) {
            throw new InvalidFileException(file, "weights match the model neither by name nor by position: " + problem);
        }
        int i = 0;
        for (Tensor t : tensors.values()) {
            vars.get(i++).assign(t);
        }
    }

    /** Why the tensors cannot be assigned in order, or {@code null} when they can. */
    private static String positionalProblem(Map<String, Tensor> tensors, List<Variable> vars) {
        if (tensors.size() != vars.size()) {
            return "the file has " + tensors.size() + " weights, the model " + vars.size();
        }
        int i = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Variable v = vars.get(i++);
            if (!Shape.same(e.getValue().shape(), v.shape())) {
                return "weight " + (i - 1) + " '" + e.getKey() + "' has shape " + Shape.str(e.getValue().shape())
                        + ", the model's '" + v.name() + "' expects " + Shape.str(v.shape());
            }
        }
        return null;
    }
}
