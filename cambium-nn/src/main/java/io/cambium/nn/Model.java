package io.cambium.nn;

import io.cambium.nn.losses.Loss;
import io.cambium.nn.metrics.Metric;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.training.AsBatch;
import io.cambium.nn.training.Batches;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.nn.training.Trainer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trainable network: a {@link Layer} that can be compiled, fitted, evaluated and saved.
 *
 * <p>Three ways to define one, as in Keras:
 * <ul>
 *   <li>functional: {@code new Model(inputs, outputs)} over a graph built with
 *       {@link Layer#apply(SymbolicTensor...)} (several inputs and outputs, shared layers, any DAG);</li>
 *   <li>{@link Sequential}: a stack of single-input layers;</li>
 *   <li>subclassing: extend {@code Model}, keep layers in fields, override
 *       {@link #call(Tensor, boolean)}.</li>
 * </ul>
 * Models are layers, so a model can be used inside another one (a frozen backbone under a new head).
 */
public class Model extends FluentLayer<Model> {
    private final List<SymbolicTensor> graphInputs;
    private final List<SymbolicTensor> graphOutputs;
    private final List<GraphNode> order;
    /** For each node of {@link #order}: the values no later node reads, dropped once it has run. */
    private final List<List<SymbolicTensor>> releaseAfter;
    private final List<Layer> graphLayers;
    private Trainer trainer;
    private Optimizer restoredOptimizer;
    private boolean stopTraining;
    private int completedEpochs;

    /** A functional model with one input and one output. */
    public Model(SymbolicTensor input, SymbolicTensor output) {
        this(List.of(input), List.of(output), null);
    }

    /** A functional model with several inputs and one output. */
    public Model(List<SymbolicTensor> inputs, SymbolicTensor output) {
        this(inputs, List.of(output), null);
    }

    /** A functional model with several inputs and outputs. */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        this(inputs, outputs, null);
    }

    /** A named functional model. */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, String name) {
        super(name == null ? uniqueName("model") : name);
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("Model: needs at least one input and one output");
        }
        for (SymbolicTensor in : inputs) {
            if (!(in.layer() instanceof InputLayer)) {
                throw new IllegalArgumentException("Model: input " + in + " is not created by Input.shape(...)");
            }
        }
        this.graphInputs = List.copyOf(inputs);
        this.graphOutputs = List.copyOf(outputs);
        this.order = topologicalNodes(graphInputs, graphOutputs);
        this.releaseAfter = releasePlan(order, graphOutputs);
        List<Layer> ls = new ArrayList<>();
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor in : graphInputs) {
            if (seen.add(in.layer())) {
                ls.add(in.layer());
            }
        }
        for (GraphNode n : order) {
            if (seen.add(n.layer())) {
                ls.add(n.layer());
            }
        }
        this.graphLayers = Collections.unmodifiableList(ls);
        markBuilt();
    }

    /** A subclassed model (override {@link #call(Tensor, boolean)}) with a default name. */
    protected Model() {
        super();
        graphInputs = null;
        graphOutputs = null;
        order = null;
        releaseAfter = null;
        graphLayers = null;
    }

    /** A subclassed model with the given name. */
    protected Model(String name) {
        super(name);
        graphInputs = null;
        graphOutputs = null;
        order = null;
        releaseAfter = null;
        graphLayers = null;
    }

    @Override
    protected String defaultNamePrefix() {
        return getClass() == Model.class ? "model" : super.defaultNamePrefix();
    }

    @Override
    public String className() {
        return getClass() == Model.class ? "Functional" : super.className();
    }

    /**
     * For each node in execution order, the tensors whose last reader it is (the model's outputs
     * excepted). The forward pass drops them from its table after that node: without it, every
     * intermediate value of a deep graph stayed reachable until the pass ended, and an inference
     * held all of them at once (MobileNetV2 evaluated 500 images at a time peaked near 10 GB of heap).
     * In training the tape still holds what backward needs; only that is kept.
     */
    static List<List<SymbolicTensor>> releasePlan(List<GraphNode> order, List<SymbolicTensor> outputs) {
        Map<SymbolicTensor, Integer> lastUse = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            for (SymbolicTensor s : order.get(i).inputs()) {
                lastUse.put(s, i);
            }
        }
        Set<SymbolicTensor> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(outputs);
        List<List<SymbolicTensor>> plan = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            plan.add(new ArrayList<>());
        }
        lastUse.forEach((s, i) -> {
            if (!kept.contains(s)) {
                plan.get(i).add(s);
            }
        });
        return plan;
    }

    /** The release plan of a functional model, node by node (for tests). */
    List<List<SymbolicTensor>> releasePlan() {
        return releaseAfter;
    }

    private static List<GraphNode> topologicalNodes(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        Set<GraphNode> inputNodes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor in : inputs) {
            inputNodes.add(in.node());
        }
        List<GraphNode> order = new ArrayList<>();
        Map<GraphNode, Integer> state = new IdentityHashMap<>();
        for (SymbolicTensor out : outputs) {
            visit(out.node(), inputNodes, state, order);
        }
        return order;
    }

    private static void visit(GraphNode n, Set<GraphNode> inputNodes, Map<GraphNode, Integer> state,
                              List<GraphNode> order) {
        Integer s = state.get(n);
        if (s != null) {
            if (s == 1) {
                throw new IllegalArgumentException("Model: the graph has a cycle through " + n.layer().describe());
            }
            return;
        }
        if (n.layer() instanceof InputLayer) {
            if (!inputNodes.contains(n)) {
                throw new IllegalArgumentException("Model: graph disconnected: " + n.layer().describe()
                        + " is needed to compute the outputs but is not among the model's inputs");
            }
            state.put(n, 2);
            return;
        }
        state.put(n, 1);
        for (SymbolicTensor in : n.inputs()) {
            visit(in.node(), inputNodes, state, order);
        }
        state.put(n, 2);
        order.add(n);
    }

    /** Whether this model is a functional graph (or a {@link Sequential}) rather than subclassed. */
    public boolean isGraphNetwork() {
        return order != null;
    }

    /** The layers of the model in execution order (Keras's model.layers; inputs first for functional models). */
    public List<Layer> layers() {
        if (graphLayers != null) {
            return graphLayers;
        }
        return childLayers();
    }

    /** The layer with the given name. */
    public Layer getLayer(String layerName) {
        for (Layer l : layers()) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException(describe() + ": no layer named '" + layerName + "'");
    }

    /** The layer at the given position of {@link #layers()}. */
    public Layer getLayer(int index) {
        return layers().get(index);
    }

    /** The symbolic inputs of a functional model ({@code null} for subclassed models). */
    public List<SymbolicTensor> inputs() {
        return graphInputs;
    }

    /** The symbolic outputs of a functional model ({@code null} for subclassed models). */
    public List<SymbolicTensor> outputs() {
        return graphOutputs;
    }

    /**
     * The layer applications of a functional model in execution order (every node's inputs come
     * from the model's inputs or earlier nodes); {@code null} for subclassed models. A
     * {@link Sequential} has no nodes: walk its {@link #layers()}.
     */
    public List<GraphNode> nodes() {
        return order;
    }

    @Override
    public List<Layer> childLayers() {
        List<Layer> out = new ArrayList<>(super.childLayers());
        if (graphLayers != null) {
            for (Layer l : graphLayers) {
                if (!out.contains(l)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** The number of outputs (1 for subclassed models). */
    public int outputCount() {
        return graphOutputs == null ? 1 : graphOutputs.size();
    }

    /** The names of the outputs, used to name per-output losses and metrics. */
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        if (graphOutputs == null) {
            names.add("output_1");
        } else {
            for (SymbolicTensor t : graphOutputs) {
                names.add(t.layer().name());
            }
        }
        return names;
    }

    // ---------------------------------------------------------------- computing

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        if (graphInputs != null && inputShapes.size() != graphInputs.size()) {
            throw new IllegalArgumentException(describe() + ": expects " + graphInputs.size() + " inputs, got "
                    + inputShapes.size());
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (graphInputs == null) {
            throw new UnsupportedOperationException(describe() + ": a subclassed model must override call(Tensor, boolean)");
        }
        return single(callAll(List.of(x), training));
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        if (graphInputs == null) {
            return super.call(inputs, training);
        }
        return single(callAll(inputs, training));
    }

    private Tensor single(List<Tensor> outs) {
        if (outs.size() != 1) {
            throw new IllegalStateException(describe() + " has " + outs.size() + " outputs: use callAll");
        }
        return outs.get(0);
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        if (graphInputs == null) {
            return super.callAll(inputs, training);
        }
        if (inputs.size() != graphInputs.size()) {
            throw new IllegalArgumentException(describe() + ": expects " + graphInputs.size() + " inputs, got "
                    + inputs.size());
        }
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            SymbolicTensor in = graphInputs.get(i);
            Tensor v = inputs.get(i);
            in.layer().applyAll(List.of(v), training);
            values.put(in, v);
        }
        for (int k = 0; k < order.size(); k++) {
            GraphNode n = order.get(k);
            List<Tensor> args = new ArrayList<>(n.inputs().size());
            for (SymbolicTensor s : n.inputs()) {
                args.add(values.get(s));
            }
            List<Tensor> outs = n.layer().applyAll(args, training);
            List<SymbolicTensor> syms = n.outputs();
            if (outs.size() != syms.size()) {
                throw new IllegalStateException(n.layer().describe() + " returned " + outs.size()
                        + " outputs, its graph node has " + syms.size());
            }
            for (int i = 0; i < outs.size(); i++) {
                values.put(syms.get(i), outs.get(i));
            }
            for (SymbolicTensor s : releaseAfter.get(k)) {
                values.remove(s);
            }
        }
        List<Tensor> result = new ArrayList<>(graphOutputs.size());
        for (SymbolicTensor o : graphOutputs) {
            result.add(values.get(o));
        }
        return result;
    }

    /** Runs the model on several inputs and returns all outputs (for multi-input/output models). */
    public List<Tensor> callAll(Tensor... inputs) {
        return applyAll(List.of(inputs), false);
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        if (graphOutputs != null) {
            List<int[]> out = new ArrayList<>();
            for (SymbolicTensor o : graphOutputs) {
                out.add(o.shape());
            }
            return out;
        }
        // A subclassed model's shapes are only known by running it: one sample, no recording.
        List<Tensor> probes = new ArrayList<>();
        for (int[] s : inputShapes) {
            int[] c = s.clone();
            for (int i = 0; i < c.length; i++) {
                if (c[i] < 0) {
                    c[i] = 1;
                }
            }
            probes.add(Tensor.zeros(c));
        }
        List<int[]> out = new ArrayList<>();
        try (NoGrad g = NoGrad.scope()) {
            for (Tensor t : callAll(probes, false)) {
                int[] s = t.shape();
                if (s.length > 0) {
                    s[0] = -1;
                }
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return computeOutputShapes(List.of(inputShape)).get(0);
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        long total = 0;
        if (order != null) {
            for (GraphNode n : order) {
                List<int[]> in = new ArrayList<>();
                for (SymbolicTensor s : n.inputs()) {
                    in.add(s.shape());
                }
                total += n.layer().flops(in);
            }
        } else {
            for (Layer l : childLayers()) {
                if (l.lastInputShapes() != null) {
                    total += l.flops(l.lastInputShapes());
                }
            }
        }
        return total;
    }

    // ---------------------------------------------------------------- training API

    /** Configures training: optimizer, one loss for every output, and metrics. */
    public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        compile(optimizer, List.of(loss), null, metrics);
    }

    /**
     * Configures training of a multi-output model: one loss per output (or one for all), optional
     * loss weights (the total loss is their weighted sum), and metrics computed on every output.
     */
    public void compile(Optimizer optimizer, List<Loss> losses, List<Float> lossWeights, Metric... metrics) {
        this.trainer = new Trainer(this, optimizer, losses, lossWeights, List.of(metrics));
    }

    /** The training state made by {@link #compile}. */
    public Trainer trainer() {
        if (trainer == null) {
            throw new IllegalStateException(describe() + ": call compile(optimizer, loss, metrics...) before training or evaluating");
        }
        return trainer;
    }

    /** Whether {@link #compile} was called. */
    public boolean isCompiled() {
        return trainer != null;
    }

    /** The optimizer given to {@link #compile}. */
    public Optimizer optimizer() {
        return trainer().optimizer();
    }

    /** Trains on arrays: {@code x} and {@code y} have the samples on axis 0. */
    public History fit(Tensor x, Tensor y, FitConfig config) {
        return trainer().fit(List.of(x), List.of(y), config);
    }

    /**
     * Trains on inputs and integer class labels (for sparse losses), as Keras takes an int array:
     * {@code fit(x, new int[] {3, 0, 1, ...}, config)}.
     */
    public History fit(Tensor x, int[] y, FitConfig config) {
        return fit(x, Tensor.of(y), config);
    }

    /** Trains a multi-input/multi-output model on arrays. */
    public History fit(List<Tensor> xs, List<Tensor> ys, FitConfig config) {
        return trainer().fit(xs, ys, config);
    }

    /**
     * Trains on a source of batches, as Keras takes a {@code tf.data.Dataset}: a batched
     * cambium-data {@code Dataset<Example>} ({@code fit(ds.batch(32), config)}), a {@link Batches},
     * or any iterable of {@link AsBatch}. One pass per epoch (or {@code stepsPerEpoch} batches);
     * the batch size is the source's; validation comes from the config.
     */
    public History fit(Iterable<? extends AsBatch> data, FitConfig config) {
        return trainer().fit(data, config);
    }

    /** The loss and metrics on the given data (batch size 32, quiet). */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return trainer().evaluate(List.of(x), List.of(y), null, 32);
    }

    /** The loss and metrics on the given data with a batch size. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        return trainer().evaluate(List.of(x), List.of(y), null, batchSize);
    }

    /** The loss and metrics on inputs and integer class labels (batch size 32). */
    public Map<String, Double> evaluate(Tensor x, int[] y) {
        return evaluate(x, Tensor.of(y));
    }

    /** The loss and metrics on inputs and integer class labels with a batch size. */
    public Map<String, Double> evaluate(Tensor x, int[] y, int batchSize) {
        return evaluate(x, Tensor.of(y), batchSize);
    }

    /** The loss and metrics on several inputs/outputs. */
    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight, int batchSize) {
        return trainer().evaluate(xs, ys, sampleWeight, batchSize);
    }

    /** The loss and metrics over one pass of a source of batches (a batched {@code Dataset}, {@link Batches}, ...). */
    public Map<String, Double> evaluate(Iterable<? extends AsBatch> data) {
        return trainer().evaluate(data);
    }

    /** Predictions in batches of 32, without recording gradients and with training off. */
    public Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    /** Predictions in batches, without recording gradients and with training off. */
    public Tensor predict(Tensor x, int batchSize) {
        return single(Trainer.predict(this, List.of(x), batchSize));
    }

    /** Predictions of a multi-input/multi-output model. */
    public List<Tensor> predictAll(List<Tensor> xs, int batchSize) {
        return Trainer.predict(this, xs, batchSize);
    }

    /**
     * Predictions for one pass of a source of batches (a batched {@code Dataset}, {@link Batches},
     * ...), concatenated along the batch axis; the targets, if any, are ignored. For a model with
     * several outputs use {@link #predictAll(Iterable)}.
     */
    public Tensor predict(Iterable<? extends AsBatch> data) {
        return single(Trainer.predict(this, data));
    }

    /** Predictions of every output for one pass of a source of batches. */
    public List<Tensor> predictAll(Iterable<? extends AsBatch> data) {
        return Trainer.predict(this, data);
    }

    /**
     * The input shapes the model expects, batch axis first (Keras's {@code input_shape}), or
     * {@code null} when not known before a call (a subclassed model, an unbuilt Sequential).
     */
    public List<int[]> inputShapes() {
        if (graphInputs == null) {
            return null;
        }
        List<int[]> out = new ArrayList<>();
        for (SymbolicTensor in : graphInputs) {
            out.add(in.shape());
        }
        return out;
    }

    /** One optimizer step on one batch; returns the loss and metrics of that batch. */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return trainer().trainOnBatch(List.of(x), List.of(y), null);
    }

    /** One optimizer step on one batch with integer class labels. */
    public Map<String, Double> trainOnBatch(Tensor x, int[] y) {
        return trainOnBatch(x, Tensor.of(y));
    }

    /** One optimizer step on one weighted batch of a multi-input/output model. */
    public Map<String, Double> trainOnBatch(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        return trainer().trainOnBatch(xs, ys, sampleWeight);
    }

    /** Set by callbacks (EarlyStopping, TerminateOnNaN) to end {@code fit} after the current step. */
    public void stopTraining(boolean value) {
        stopTraining = value;
    }

    /** Whether a callback asked to stop. */
    public boolean stopTraining() {
        return stopTraining;
    }

    /** The number of epochs completed by {@code fit} calls (saved with the model, for resuming). */
    public int completedEpochs() {
        return completedEpochs;
    }

    /** Sets the number of completed epochs (used by fit and by loading). */
    public void completedEpochs(int n) {
        completedEpochs = n;
    }

    // ---------------------------------------------------------------- saving

    /**
     * Saves the model in one file, atomically: architecture, weights, optimizer config and state,
     * completed epochs and step, and the global random generator's state, so that
     * {@link #load(Path)} followed by {@code fit(..., initialEpoch(completedEpochs()))} continues
     * the same run.
     *
     * @throws UnsupportedOperationException for subclassed models (use {@link #saveWeights})
     */
    public void save(java.nio.file.Path file) throws java.io.IOException {
        ModelSaving.save(this, file);
    }

    /**
     * Loads a model saved by {@link #save}: rebuilds the architecture (custom layers must be
     * registered in {@link LayerRegistry}), assigns the weights, restores the optimizer (see
     * {@link #restoredOptimizer()}), the completed epochs and the global random generator's state.
     * A model compiled with built-in losses and metrics comes back compiled; with a custom loss,
     * call {@code compile(model.restoredOptimizer(), loss, ...)}.
     *
     * @throws io.cambium.nn.io.InvalidFileException naming the file when it is corrupt or does not fit
     */
    public static Model load(java.nio.file.Path file) throws java.io.IOException {
        return ModelSaving.load(file);
    }

    /** Saves the weights only, as a plain safetensors file keyed by variable name. */
    public void saveWeights(java.nio.file.Path file) throws java.io.IOException {
        ModelSaving.saveWeights(this, file);
    }

    /**
     * Loads weights saved by {@link #saveWeights} (or the weights of a model file): by variable
     * name, or by position when only the names differ; all or nothing.
     */
    public void loadWeights(java.nio.file.Path file) throws java.io.IOException {
        ModelSaving.loadWeights(this, file);
    }

    /**
     * Loads weights by layer name, as Keras's {@code load_weights(by_name=True)}: each layer of
     * this model (nested models included) whose name is in the file gets that layer's weights;
     * other layers keep theirs, and the file's other layers are ignored. This is how a backbone's
     * weights go into a model with a new head, or a model's into a variant with another top.
     *
     * @param skipMismatch skip (and report) layers whose weights in the file differ in number or
     *                     shape, as Keras's {@code skip_mismatch}; when false such a layer is an
     *                     error and nothing is assigned
     * @return which layers were loaded, skipped, left untouched, and which of the file's were unused
     * @throws io.cambium.nn.io.InvalidFileException naming the file and each mismatched layer
     */
    public WeightLoadReport loadWeightsByName(java.nio.file.Path file, boolean skipMismatch) throws java.io.IOException {
        return WeightsByName.load(this, file, skipMismatch);
    }

    /**
     * Copies of the weights keyed by variable name ({@code <layer>/<weight>}), in the order of
     * {@link #variables()}: what {@link #saveWeights} writes, and what
     * {@link #setWeightsByName} takes.
     *
     * @throws IllegalStateException when two variables have the same name
     */
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : ModelSaving.namedWeights(this).entrySet()) {
            out.put(e.getKey(), e.getValue().copy());
        }
        return out;
    }

    /**
     * {@link #loadWeightsByName(java.nio.file.Path, boolean)} from weights in memory, keyed by
     * variable name ({@code <layer>/<weight>}), such as another model's.
     *
     * @throws IllegalArgumentException naming each mismatched layer (without {@code skipMismatch})
     */
    public WeightLoadReport setWeightsByName(Map<String, Tensor> weights, boolean skipMismatch) {
        return WeightsByName.assign(this, weights, skipMismatch);
    }

    /**
     * The optimizer restored by {@link #load}, with its moments and step count, to pass to
     * {@link #compile} to resume training; {@code null} when the file had none.
     */
    public Optimizer restoredOptimizer() {
        return restoredOptimizer;
    }

    void restoredOptimizer(Optimizer opt) {
        restoredOptimizer = opt;
    }

    // ---------------------------------------------------------------- summary

    /** Prints Keras's summary table with FLOPs to standard output. */
    public void summary() {
        summary(System.out);
    }

    /** Prints the summary table to a stream. */
    public void summary(PrintStream out) {
        out.print(summaryString());
    }

    /** The summary table: layers, output shapes, parameters, FLOPs, totals. */
    public String summaryString() {
        return Summary.of(this);
    }

    // ---------------------------------------------------------------- config

    /** The nodes of a layer that belong to this model, in creation order. */
    private List<GraphNode> localNodes(Layer l) {
        List<GraphNode> out = new ArrayList<>();
        for (GraphNode n : l.inboundNodes()) {
            if (order.contains(n) || (l instanceof InputLayer && graphInputs.contains(n.outputs().get(0)))) {
                out.add(n);
            }
        }
        return out;
    }

    /** Keras's [layer name, node index, tensor index], the node index counted within this model. */
    private List<Object> ref(SymbolicTensor s) {
        return List.of(s.layer().name(), localNodes(s.layer()).indexOf(s.node()), s.index());
    }

    /**
     * Re-creates a functional model from {@link #config()}: layers by class name through
     * {@link LayerRegistry}, then the graph by replaying the recorded layer applications.
     */
    public static Model fromConfig(Map<String, Object> config) {
        return ModelConfig.functionalFromConfig(config);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>(super.config());
        if (order == null) {
            return c;
        }
        c.remove("input_shape");
        List<Object> layerConfigs = new ArrayList<>();
        for (Layer l : graphLayers) {
            Map<String, Object> lc = new LinkedHashMap<>();
            lc.put("class_name", l.className());
            lc.put("config", l.config());
            List<Object> inbound = new ArrayList<>();
            for (GraphNode n : localNodes(l)) {
                if (n.inputs().isEmpty()) {
                    continue;
                }
                List<Object> refs = new ArrayList<>();
                for (SymbolicTensor s : n.inputs()) {
                    refs.add(ref(s));
                }
                inbound.add(refs);
            }
            lc.put("inbound_nodes", inbound);
            layerConfigs.add(lc);
        }
        c.put("layers", layerConfigs);
        List<Object> ins = new ArrayList<>();
        for (SymbolicTensor s : graphInputs) {
            ins.add(ref(s));
        }
        List<Object> outs = new ArrayList<>();
        for (SymbolicTensor s : graphOutputs) {
            outs.add(ref(s));
        }
        c.put("input_layers", ins);
        c.put("output_layers", outs);
        return c;
    }
}
