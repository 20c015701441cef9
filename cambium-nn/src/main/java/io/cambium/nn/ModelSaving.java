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

/**
 * Model files (architecture, weights, optimizer, training state) and weights files for {@link Model};
 * {@link #rebuild} turns an archive read with {@link ModelFile#load} into a model, for tools that
 * also want the archive's other parts.
 */
public final class ModelSaving {
    private ModelSaving() {
    }

    static void save(Model model, Path file) throws IOException {
        String architecture = ModelConfig.toJson(model);
        Map<String, Tensor> weights = namedWeights(model);
        Map<String, Object> optimizerConfig = null;
        Map<String, Tensor> optimizerState = Map.of();
        long step = 0;
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!model.isCompiled() && model.restoredOptimizer() != null) {
            // Loaded and not compiled again (a custom loss): keep the optimizer it was saved with.
            Optimizer opt = model.restoredOptimizer();
            optimizerConfig = opt.config();
            optimizerState = opt.state();
            step = opt.iterations();
        }
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
        return rebuild(file, ModelFile.load(file));
    }

    /**
     * The model an archive read from {@code file} describes, built and checked before anything
     * global changes: the architecture is read strictly (see {@link ModelConfig#fromJson}), every
     * weight a layer creates must be in the file with the same shape before it is allocated, the
     * optimizer and losses must be valid; only then is the random generator's state restored.
     *
     * @throws InvalidFileException naming the file and the problem
     */
    public static Model rebuild(Path file, ModelArchive a) throws InvalidFileException {
        if (a.architecture() == null) {
            throw new InvalidFileException(file, "has no architecture (a weights-only file: build the model in code and"
                    + " call loadWeights)");
        }
        // Building draws initial weights from the global generator; a load (failed or not) must not
        // move it, except to the state the file saved.
        long[] rngBefore;
        synchronized (Cambium.rng()) {
            rngBefore = Cambium.rng().state();
        }
        Model m = null;
        try {
            m = rebuildUnlessInvalid(file, a);
            return m;
        } finally {
            TrainingState ts = a.training();
            synchronized (Cambium.rng()) {
                Cambium.rng().setState(m != null && ts != null && ts.rngState() != null ? ts.rngState() : rngBefore);
            }
        }
    }

    private static Model rebuildUnlessInvalid(Path file, ModelArchive a) throws InvalidFileException {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        a.weights().forEach((k, v) -> shapes.put(k, v.shape()));
        Model m;
        try {
            m = WeightPlan.during(shapes, () -> ModelConfig.fromJson(a.architecture()));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new InvalidFileException(file, "cannot rebuild the architecture: " + problem(e), e);
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
        TrainingState ts = a.training();
        if (a.optimizerConfig() != null) {
            Optimizer opt;
            try {
                Map<String, Object> oc = ConfigMap.root(a.optimizerConfig(), "optimizer");
                opt = Optimizers.fromConfig(oc);
                ModelConfig.rejectUnread(oc, "optimizer config");
                opt.loadState(a.optimizerState());
            } catch (RuntimeException e) {
                throw new InvalidFileException(file, "cannot restore the optimizer: " + problem(e), e);
            }
            m.restoredOptimizer(opt);
            try {
                recompile(m, opt, ts);
            } catch (RuntimeException e) {
                throw new InvalidFileException(file, "cannot restore the compiled losses and metrics: " + problem(e), e);
            }
        } else if (!a.optimizerState().isEmpty()) {
            throw new InvalidFileException(file, "has optimizer state but no optimizer config");
        }
        if (ts != null) {
            m.completedEpochs((int) ts.epoch());
        }
        return m;
    }

    private static String problem(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "it nests too deeply";
        }
        if (e instanceof OutOfMemoryError) {
            return "it needs more memory than the JVM has (" + e.getMessage() + ")";
        }
        return e instanceof IllegalArgumentException || e instanceof IllegalStateException
                ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Compiles a loaded model as it was saved when its losses and metrics are built-in ones; a
     * custom loss (saved as null) or metric leaves it uncompiled, waiting for compile().
     */
    private static void recompile(Model m, Optimizer opt, TrainingState ts) {
        if (ts == null || ts.extra().get("losses") == null) {
            return;
        }
        if (!(ts.extra().get("losses") instanceof List<?> lossConfigs) || lossConfigs.isEmpty()) {
            throw new InvalidConfigException("training.extra.losses must be a non-empty list");
        }
        List<Loss> losses = new ArrayList<>();
        boolean custom = false;
        for (int i = 0; i < lossConfigs.size(); i++) {
            Object c = lossConfigs.get(i);
            if (c == null) {
                custom = true;
                continue;
            }
            if (!(c instanceof Map<?, ?>)) {
                throw new InvalidConfigException("training.extra.losses[" + i + "] must be a loss config object or null");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> lc = ConfigMap.root((Map<String, Object>) c, "training.extra.losses[" + i + "]");
            losses.add(Losses.fromConfig(lc));
            ModelConfig.rejectUnread(lc, "loss config");
        }
        List<Float> weights = null;
        Object lw = ts.extra().get("loss_weights");
        if (lw != null) {
            if (!(lw instanceof List<?> ws) || ws.size() != lossConfigs.size()) {
                throw new InvalidConfigException("training.extra.loss_weights must be a list of " + lossConfigs.size()
                        + " numbers");
            }
            weights = new ArrayList<>();
            for (Object w : ws) {
                if (!(w instanceof Number n) || !Float.isFinite(n.floatValue())) {
                    throw new InvalidConfigException("training.extra.loss_weights must hold finite numbers, got "
                            + Configs.show(w));
                }
                weights.add(n.floatValue());
            }
        }
        List<Metric> metrics = new ArrayList<>();
        Object names = ts.extra().get("metrics");
        if (names != null && !(names instanceof List<?>)) {
            throw new InvalidConfigException("training.extra.metrics must be a list of names");
        }
        if (names instanceof List<?> list) {
            for (Object n : list) {
                if (!(n instanceof String s)) {
                    throw new InvalidConfigException("training.extra.metrics must hold names, got " + Configs.show(n));
                }
                try {
                    metrics.add(Metrics.get(s));
                } catch (IllegalArgumentException e) {
                    custom = true; // a custom metric: the user compiles again
                }
            }
        }
        if (!custom) {
            m.compile(opt, losses, weights, metrics.toArray(new Metric[0]));
        }
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
