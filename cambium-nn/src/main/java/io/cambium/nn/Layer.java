package io.cambium.nn;

import io.cambium.Cambium;
import io.cambium.nn.constraints.Constraint;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.regularizers.Regularizer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The base of every layer and model, with Keras's lifecycle: a layer is created with its
 * options, its weights are created by {@link #build(int[])} the first time it sees an input
 * shape, and it computes in {@link #call(Tensor, boolean)}.
 *
 * <p>Shapes given to {@link #build}, {@link #computeOutputShape} and printed by summaries
 * include the batch axis first; an unknown size (the batch, before data is seen) is {@code -1},
 * printed as {@code None}. Layers make no assumption about rank: a layer reads the axes it needs.
 *
 * <p>Call a layer on data with {@link #apply(Tensor, boolean)} (builds on first use, checks the
 * input, applies the activity regularizer), or on a {@link SymbolicTensor} with
 * {@link #apply(SymbolicTensor...)} to build a functional {@link Model}.
 */
public abstract class Layer {
    private static final Map<String, Integer> NAME_COUNTERS = new HashMap<>();
    /** The package prefix of Cambium's own layers (see {@link #keepsNoActivations()}). */
    private static final String BUILT_IN_LAYERS = "io.cambium.nn.layers.";
    /** Per class, the instance fields of subclasses that may hold layers (scanned once). */
    private static final ClassValue<Field[]> LAYER_FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Layer.class && c != Model.class && c != Sequential.class;
                 c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    Class<?> t = f.getType();
                    boolean mayHoldLayers = Layer.class.isAssignableFrom(t)
                            || (t.isArray() && !t.getComponentType().isPrimitive()
                                && (Layer.class.isAssignableFrom(t.getComponentType()) || t.getComponentType() == Object.class))
                            || Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t) || t == Object.class;
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || !mayHoldLayers) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        out.add(f);
                    } catch (RuntimeException e) {
                        // inaccessible (module boundary): such a field cannot hold this model's layers
                    }
                }
            }
            return out.toArray(new Field[0]);
        }
    };

    private String name;
    private boolean trainable = true;
    private boolean built;
    private int[] declaredInputShape;
    private final List<Variable> variables = new ArrayList<>();
    private final Map<Variable, Boolean> designTrainable = new IdentityHashMap<>();
    private final Map<Variable, Regularizer> regularizers = new IdentityHashMap<>();
    private final Map<Variable, Constraint> constraints = new IdentityHashMap<>();
    private final List<Layer> trackedLayers = new ArrayList<>();
    private final List<Tensor> activityLosses = new ArrayList<>();
    /** Null until a hook is added, so that a call without hooks pays one null check. */
    private List<ForwardHook> forwardHooks;
    private Regularizer activityRegularizer;
    private final List<GraphNode> inboundNodes = new ArrayList<>();
    private List<int[]> lastInputShapes;
    private List<int[]> lastOutputShapes;

    /** A layer with a unique default name derived from its class (dense, dense_1, ...). */
    protected Layer() {
        this.name = uniqueName(defaultNamePrefix());
    }

    /** A layer with the given name. */
    protected Layer(String name) {
        this.name = name;
    }

    // ---------------------------------------------------------------- names

    /** The prefix of default names: the class name in snake_case, as Keras does. */
    protected String defaultNamePrefix() {
        return snakeCase(getClass().getSimpleName().isEmpty() ? "layer" : getClass().getSimpleName());
    }

    /** Keras's to_snake_case: {@code MaxPooling2D -> max_pooling2d}. */
    public static String snakeCase(String s) {
        String a = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return a.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }

    /** {@code prefix} for the first use, then {@code prefix_1}, {@code prefix_2}, ... */
    public static String uniqueName(String prefix) {
        synchronized (NAME_COUNTERS) {
            int n = NAME_COUNTERS.merge(prefix, 1, Integer::sum) - 1;
            return n == 0 ? prefix : prefix + "_" + n;
        }
    }

    /** {@code prefix_1}, {@code prefix_2}, ... (Keras numbers inputs from 1). */
    static String uniqueNameFromOne(String prefix) {
        synchronized (NAME_COUNTERS) {
            int n = NAME_COUNTERS.merge(prefix, 1, Integer::sum);
            return prefix + "_" + n;
        }
    }

    /** Restarts default naming (like Keras's clear_session), so that tests see stable names. */
    public static void resetNames() {
        synchronized (NAME_COUNTERS) {
            NAME_COUNTERS.clear();
        }
    }

    /** The layer's name, unique by default. */
    public String name() {
        return name;
    }

    /** Renames the layer (before it is built, since variable names derive from it). */
    public Layer name(String newName) {
        if (built && !variables.isEmpty()) {
            throw new IllegalStateException(describe() + ": cannot rename a built layer");
        }
        this.name = newName;
        return this;
    }

    /** The Keras class name shown in summaries and saved configs. */
    public String className() {
        return getClass().getSimpleName();
    }

    /** {@code Dense 'dense_2'}, for messages. */
    public String describe() {
        return className() + " '" + name + "'";
    }

    // ---------------------------------------------------------------- input shape and building

    /**
     * Declares the input shape without the batch axis (Keras's input_shape), so that a
     * {@link Sequential} starting with this layer is built immediately.
     */
    public Layer inputShape(int... shapeWithoutBatch) {
        for (int d : shapeWithoutBatch) {
            if (d <= 0 && d != -1) {
                throw new IllegalArgumentException(describe() + ": invalid input shape " + Shape.str(shapeWithoutBatch));
            }
        }
        this.declaredInputShape = shapeWithoutBatch.clone();
        return this;
    }

    /** The declared input shape without the batch axis, or {@code null}. */
    public int[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    /** Whether the weights exist. */
    public boolean isBuilt() {
        return built;
    }

    /**
     * Creates the weights for inputs of this shape (batch axis first, -1 when unknown).
     * Layers with weights override it and call {@link #addWeight}; the default creates nothing.
     *
     * <p>Building is idempotent, as in Keras: once a layer has its weights, building it again
     * (by a second call, or by the first {@link #apply}) keeps them, so
     * {@code build(shape); setWeights(w); apply(x)} computes with {@code w}. This holds for any
     * layer that creates its weights with {@link #addWeight} and its sub-layers in its constructor
     * or only once (a composite that creates sub-layers in {@code build} returns early when they
     * exist). Building for a different input size than the weights fit is an error.
     */
    public void build(int[] inputShape) {
    }

    /** Builds a layer with several inputs; the default accepts one input and calls {@link #build(int[])}. */
    public void build(List<int[]> inputShapes) {
        build(single(inputShapes, "build").clone());
    }

    /** Builds the layer if it is not built yet (used by containers and {@link #apply}). */
    public final void ensureBuilt(List<int[]> inputShapes) {
        if (!built) {
            checkInputs(inputShapes);
            build(inputShapes);
            built = true;
        }
    }

    /**
     * Builds the layer for these inputs if it is not built yet. Built-in layers start their
     * {@code call} with it, so that calling {@code call} directly on a new layer builds it first,
     * as {@link #apply} does (and Keras's MultiHeadAttention did), instead of failing on a missing weight.
     */
    protected final void buildIfNeeded(List<Tensor> inputs) {
        if (!built) {
            List<int[]> shapes = new ArrayList<>(inputs.size());
            for (Tensor t : inputs) {
                shapes.add(t.shape());
            }
            ensureBuilt(batchUnknown(shapes));
        }
    }

    /** {@link #buildIfNeeded(List)} for a single input. */
    protected final void buildIfNeeded(Tensor x) {
        if (!built) {
            buildIfNeeded(List.of(x));
        }
    }

    /** Marks the layer as built (for containers that build their children themselves). */
    protected final void markBuilt() {
        built = true;
    }

    /** The output shape for an input shape; the default is the input shape (elementwise layers). */
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** The output shapes for several inputs; the default handles one input and one output. */
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(computeOutputShape(single(inputShapes, "computeOutputShape")));
    }

    /**
     * Checks that the inputs suit the layer before building or calling; throws
     * {@link IllegalArgumentException} naming the layer, the expected and the actual shapes.
     * The default accepts anything.
     */
    protected void checkInputs(List<int[]> inputShapes) {
    }

    /** Throws the standard message when the last axis has the wrong size. */
    protected final void expectLastAxis(int[] shape, int expected) {
        if (shape.length < 1 || shape[shape.length - 1] != expected) {
            throw new IllegalArgumentException(describe() + ": expected input (…, " + expected + "), got "
                    + shapeStr(shape));
        }
    }

    /** Throws when the input has fewer axes than {@code minRank} (batch included). */
    protected final void expectMinRank(int[] shape, int minRank) {
        if (shape.length < minRank) {
            throw new IllegalArgumentException(describe() + ": expected input of rank >= " + minRank
                    + " (batch axis included), got " + shapeStr(shape));
        }
    }

    /** Throws when the input does not have exactly {@code rank} axes (batch included). */
    protected final void expectRank(int[] shape, int rank) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(describe() + ": expected input of rank " + rank
                    + " (batch axis included), got " + shapeStr(shape));
        }
    }

    /** Formats a shape with {@code None} for unknown sizes: {@code (None, 28, 28, 1)}. */
    public static String shapeStr(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape[i] < 0 ? "None" : Integer.toString(shape[i]));
        }
        if (shape.length == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }

    private int[] single(List<int[]> shapes, String what) {
        if (shapes.size() != 1) {
            throw new IllegalArgumentException(describe() + ": expects 1 input, got " + shapes.size());
        }
        return shapes.get(0);
    }

    // ---------------------------------------------------------------- weights

    /**
     * Creates a weight named {@code <layer>/<name>} and registers it.
     *
     * @param regularizer a penalty added to the training loss, or {@code null}
     * @param constraint a projection applied after each optimizer step, or {@code null}
     */
    protected final Variable addWeight(String weightName, int[] shape, Initializer initializer,
                                       Regularizer regularizer, Constraint constraint, boolean isTrainable) {
        Variable existing = ownVariable(name + "/" + weightName);
        if (existing != null) {
            // Built before (build called directly, then again by apply): keep the weights and their values.
            if (!Shape.same(existing.shape(), shape)) {
                throw new IllegalStateException(describe() + " is already built: its weight '" + weightName
                        + "' has shape " + Shape.str(existing.shape()) + ", building again asks for "
                        + Shape.str(shape) + " (a different input size)");
            }
            putOrRemove(regularizers, existing, regularizer);
            putOrRemove(constraints, existing, constraint);
            built = true;
            return existing;
        }
        WeightPlan.check(this, name + "/" + weightName, shape);
        Tensor init;
        synchronized (Cambium.rng()) {
            init = initializer.initialize(shape.clone(), Cambium.rng());
        }
        if (!Shape.same(init.shape(), shape)) {
            throw new IllegalStateException(describe() + ": initializer of '" + weightName + "' returned shape "
                    + Shape.str(init.shape()) + ", expected " + Shape.str(shape));
        }
        Variable v = new Variable(name + "/" + weightName, init, isTrainable && trainable);
        variables.add(v);
        designTrainable.put(v, isTrainable);
        if (regularizer != null) {
            regularizers.put(v, regularizer);
        }
        if (constraint != null) {
            constraints.put(v, constraint);
        }
        // A layer that has created weights is built, whether build came through apply or a direct call.
        built = true;
        return v;
    }

    private Variable ownVariable(String fullName) {
        for (Variable v : variables) {
            if (v.name().equals(fullName)) {
                return v;
            }
        }
        return null;
    }

    private static <V> void putOrRemove(Map<Variable, V> map, Variable key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /** Registers a child layer whose variables belong to this layer (for composite layers). */
    protected final <T extends Layer> T track(T child) {
        if (!trackedLayers.contains(child)) {
            trackedLayers.add(child);
        }
        return child;
    }

    /**
     * The direct child layers: those registered with {@link #track} and those held in fields
     * (directly, in arrays or in collections) of subclasses, so that a subclassed model that keeps
     * its layers in fields owns their weights, as in Keras.
     */
    public List<Layer> childLayers() {
        Set<Layer> out = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Layer> ordered = new ArrayList<>();
        for (Layer l : trackedLayers) {
            if (out.add(l)) {
                ordered.add(l);
            }
        }
        for (Field f : LAYER_FIELDS.get(getClass())) {
            Object v;
            try {
                v = f.get(this);
            } catch (IllegalAccessException e) {
                continue;
            }
            collectLayers(v, out, ordered);
        }
        return ordered;
    }

    private void collectLayers(Object v, Set<Layer> seen, List<Layer> ordered) {
        if (v instanceof Layer l) {
            if (l != this && seen.add(l)) {
                ordered.add(l);
            }
        } else if (v instanceof Object[] arr) {
            for (Object o : arr) {
                if (o instanceof Layer) {
                    collectLayers(o, seen, ordered);
                }
            }
        } else if (v instanceof Collection<?> col) {
            for (Object o : col) {
                if (o instanceof Layer) {
                    collectLayers(o, seen, ordered);
                }
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Object o : m.values()) {
                if (o instanceof Layer) {
                    collectLayers(o, seen, ordered);
                }
            }
        }
    }

    /** This layer's own variables (not those of child layers), in creation order. */
    public List<Variable> ownVariables() {
        return Collections.unmodifiableList(variables);
    }

    /** All variables of the layer and its children, each once, in a stable order. */
    public List<Variable> variables() {
        LinkedHashSet<Variable> out = new LinkedHashSet<>();
        collectVariables(out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return new ArrayList<>(out);
    }

    private void collectVariables(LinkedHashSet<Variable> out, Set<Layer> visited) {
        if (!visited.add(this)) {
            return;
        }
        out.addAll(variables);
        for (Layer c : childLayers()) {
            c.collectVariables(out, visited);
        }
    }

    /** The variables an optimizer updates. */
    public List<Variable> trainableVariables() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : variables()) {
            if (v.trainable()) {
                out.add(v);
            }
        }
        return out;
    }

    /** The variables that are saved but not updated by optimizers (frozen or statistics). */
    public List<Variable> nonTrainableVariables() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : variables()) {
            if (!v.trainable()) {
                out.add(v);
            }
        }
        return out;
    }

    /** Whether the layer is trainable (not frozen). */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes the layer and all its children: their variables stop or
     * resume being updated. Variables created non-trainable (statistics) stay non-trainable.
     */
    public Layer trainable(boolean value) {
        setTrainableRecursive(value, Collections.newSetFromMap(new IdentityHashMap<>()));
        return this;
    }

    private void setTrainableRecursive(boolean value, Set<Layer> visited) {
        if (!visited.add(this)) {
            return;
        }
        trainable = value;
        for (Variable v : variables) {
            v.setTrainable(value && designTrainable.getOrDefault(v, Boolean.TRUE));
        }
        for (Layer c : childLayers()) {
            c.setTrainableRecursive(value, visited);
        }
    }

    /** Copies of the values of {@link #variables()}, in order (Keras's get_weights). */
    public List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : variables()) {
            out.add(v.value().copy());
        }
        return out;
    }

    /**
     * Assigns values to {@link #variables()} in order (Keras's set_weights).
     *
     * @throws IllegalArgumentException naming the layer and the variable when a count or shape differs
     */
    public void setWeights(List<Tensor> weights) {
        List<Variable> vars = variables();
        if (weights.size() != vars.size()) {
            throw new IllegalArgumentException(describe() + ": setWeights got " + weights.size()
                    + " arrays, the layer has " + vars.size() + " weights"
                    + (built ? "" : " (the layer is not built yet)"));
        }
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            if (!Shape.same(v.shape(), weights.get(i).shape())) {
                throw new IllegalArgumentException(describe() + ": weight " + i + " '" + v.name() + "' has shape "
                        + Shape.str(v.shape()) + ", got " + Shape.str(weights.get(i).shape()));
            }
        }
        for (int i = 0; i < vars.size(); i++) {
            vars.get(i).assign(weights.get(i));
        }
    }

    /** The number of scalar weights (all variables). */
    public long countParams() {
        long n = 0;
        for (Variable v : variables()) {
            n += Shape.numel(v.shape());
        }
        return n;
    }

    /** The regularizer attached to a variable of this layer or its children, or {@code null}. */
    public Regularizer regularizerOf(Variable v) {
        for (Layer l : allLayersIncludingSelf()) {
            Regularizer r = l.regularizers.get(v);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** The weight-regularization penalties of this layer and its children (differentiable scalars). */
    public List<Tensor> regularizationLosses() {
        List<Tensor> out = new ArrayList<>();
        for (Layer l : allLayersIncludingSelf()) {
            for (Variable v : l.variables) {
                Regularizer r = l.regularizers.get(v);
                if (r != null && v.trainable()) {
                    out.add(r.penalty(v.value()));
                }
            }
        }
        return out;
    }

    /** Projects every constrained variable of this layer and its children (after an optimizer step). */
    public void applyConstraints() {
        try (NoGrad g = NoGrad.scope()) {
            for (Layer l : allLayersIncludingSelf()) {
                for (Map.Entry<Variable, Constraint> e : l.constraints.entrySet()) {
                    if (e.getKey().trainable()) {
                        e.getValue().apply(e.getKey().value());
                    }
                }
            }
        }
    }

    /** This layer and every layer below it, each once. */
    public List<Layer> allLayersIncludingSelf() {
        List<Layer> out = new ArrayList<>();
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayList<Layer> stack = new ArrayList<>();
        stack.add(this);
        while (!stack.isEmpty()) {
            Layer l = stack.remove(stack.size() - 1);
            if (seen.add(l)) {
                out.add(l);
                List<Layer> kids = l.childLayers();
                for (int i = kids.size() - 1; i >= 0; i--) {
                    stack.add(kids.get(i));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- activity regularization

    /** Adds a penalty on the layer's output to the training loss (divided by the batch size, as Keras does). */
    public Layer activityRegularizer(Regularizer r) {
        this.activityRegularizer = r;
        return this;
    }

    /** The activity regularizer, or {@code null}. */
    public Regularizer activityRegularizer() {
        return activityRegularizer;
    }

    /** Adds a loss computed during the forward pass (like Keras's add_loss). */
    protected final void addLoss(Tensor loss) {
        activityLosses.add(loss);
    }

    /** The losses added by the last forward passes of this layer and its children. */
    public List<Tensor> losses() {
        List<Tensor> out = new ArrayList<>();
        for (Layer l : allLayersIncludingSelf()) {
            out.addAll(l.activityLosses);
        }
        return out;
    }

    /** Forgets the losses of earlier forward passes (done at the start of each training step). */
    public void clearLosses() {
        for (Layer l : allLayersIncludingSelf()) {
            l.activityLosses.clear();
        }
    }

    // ---------------------------------------------------------------- computing

    /**
     * The computation of a single-input layer. {@code training} is true during fit (dropout and
     * batch statistics are active).
     */
    public Tensor call(Tensor x, boolean training) {
        throw new UnsupportedOperationException(describe() + " does not implement call(Tensor, boolean)");
    }

    /** The computation with several inputs (merge layers override it); the default needs one input. */
    public Tensor call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(describe() + ": expects 1 input, got " + inputs.size());
        }
        return call(inputs.get(0), training);
    }

    /** The computation with several outputs (such as an RNN returning its state); the default has one. */
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return List.of(call(inputs, training));
    }

    /**
     * Builds if needed, checks the input, runs the layer and returns its output.
     *
     * @throws IllegalStateException when the layer returns several tensors (a recurrent layer with
     *     {@code returnState}, attention with {@code returnAttentionScores}): use
     *     {@link #applyAll(Tensor, boolean)}, which returns them all, as Keras's call does
     */
    public final Tensor apply(Tensor x, boolean training) {
        List<Tensor> out = applyAll(List.of(x), training);
        if (out.size() != 1) {
            throw new IllegalStateException(describe() + " returned " + out.size()
                    + " tensors (the output and its states or scores): use applyAll(x) to get them all");
        }
        return out.get(0);
    }

    /** All outputs for one input (the output followed by states or scores when the layer returns them). */
    public final List<Tensor> applyAll(Tensor x, boolean training) {
        return applyAll(List.of(x), training);
    }

    /** {@link #applyAll(Tensor, boolean)} for inference. */
    public final List<Tensor> applyAll(Tensor x) {
        return applyAll(List.of(x), false);
    }

    /** {@link #apply(Tensor, boolean)} for inference. */
    public final Tensor apply(Tensor x) {
        return apply(x, false);
    }

    /** Builds if needed, checks the inputs and runs the layer on several inputs. */
    public final List<Tensor> applyAll(List<Tensor> inputs, boolean training) {
        List<int[]> shapes = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        checkInputs(shapes);
        ensureBuilt(batchUnknown(shapes));
        activityLosses.clear();
        List<Tensor> out = forwardHooks == null ? callAll(inputs, training) : callWithHooks(inputs, training);
        lastInputShapes = batchUnknown(shapes);
        List<int[]> os = new ArrayList<>(out.size());
        for (Tensor t : out) {
            os.add(t.shape());
        }
        lastOutputShapes = batchUnknown(os);
        if (activityRegularizer != null) {
            for (Tensor o : out) {
                int batch = o.rank() == 0 ? 1 : o.dim(0);
                addLoss(activityRegularizer.penalty(o).div(batch));
            }
        }
        return out;
    }

    private List<Tensor> callWithHooks(List<Tensor> inputs, boolean training) {
        // A copy: a hook may remove itself (or add another) while the call runs.
        List<ForwardHook> hooks = List.copyOf(forwardHooks);
        for (ForwardHook h : hooks) {
            h.beforeCall(this, inputs, training);
        }
        List<Tensor> out = null;
        try {
            out = callAll(inputs, training);
            return out;
        } finally {
            for (int i = hooks.size() - 1; i >= 0; i--) {
                hooks.get(i).afterCall(this, inputs, out, training);
            }
        }
    }

    /**
     * Adds a hook run around every call of this layer on tensors (PyTorch's
     * {@code register_forward_pre_hook} and {@code register_forward_hook} in one): diagnostics
     * and debugging tools observe layers this way instead of changing them. Hooks run in the
     * order added before the call and in reverse order after it. Close the returned handle to
     * remove the hook.
     */
    public final ForwardHook.Handle addForwardHook(ForwardHook hook) {
        if (hook == null) {
            throw new IllegalArgumentException(describe() + ": addForwardHook(null)");
        }
        if (forwardHooks == null) {
            forwardHooks = new ArrayList<>();
        }
        forwardHooks.add(hook);
        return () -> removeForwardHook(hook);
    }

    /** Whether forward hooks are installed on this layer. */
    final boolean hasForwardHooks() {
        return forwardHooks != null;
    }

    /**
     * Whether the layer, called for inference, keeps no reference to its input or its output once
     * the call returns (no state, no cache, no user code), so that a model running it with
     * recording off may reuse the array of the layer's input after the next layer has read it.
     * True for the built-in layers marked {@link KeepsNoActivations}, not for subclasses of them
     * outside Cambium's layer packages; a layer may override it.
     */
    protected boolean keepsNoActivations() {
        return this instanceof KeepsNoActivations && getClass().getPackageName().startsWith(BUILT_IN_LAYERS);
    }

    private void removeForwardHook(ForwardHook hook) {
        if (forwardHooks != null) {
            forwardHooks.remove(hook);
            if (forwardHooks.isEmpty()) {
                forwardHooks = null;
            }
        }
    }

    private static List<int[]> batchUnknown(List<int[]> shapes) {
        List<int[]> out = new ArrayList<>();
        for (int[] s : shapes) {
            int[] c = s.clone();
            if (c.length > 0) {
                c[0] = -1;
            }
            out.add(c);
        }
        return out;
    }

    /** Applies the layer to symbolic tensors, adding a node to the functional graph; one output. */
    public final SymbolicTensor apply(SymbolicTensor... inputs) {
        List<SymbolicTensor> outs = applyAll(inputs);
        if (outs.size() != 1) {
            throw new IllegalStateException(describe() + " has " + outs.size() + " outputs: use applyAll");
        }
        return outs.get(0);
    }

    /** Applies the layer to symbolic tensors and returns all its outputs. */
    public final List<SymbolicTensor> applyAll(SymbolicTensor... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException(describe() + ": apply needs at least one input");
        }
        List<int[]> shapes = new ArrayList<>();
        for (SymbolicTensor s : inputs) {
            shapes.add(s.shape());
        }
        ensureBuilt(shapes);
        checkInputs(shapes);
        List<int[]> outShapes = computeOutputShapes(shapes);
        lastInputShapes = shapes;
        lastOutputShapes = outShapes;
        GraphNode node = new GraphNode(this, List.of(inputs), inboundNodes.size());
        List<SymbolicTensor> outs = new ArrayList<>();
        for (int i = 0; i < outShapes.size(); i++) {
            outs.add(new SymbolicTensor(outShapes.get(i), node, i));
        }
        node.setOutputs(outs);
        inboundNodes.add(node);
        return outs;
    }

    /** The input shapes (batch axis -1) of the last application, or {@code null} before any. */
    public List<int[]> lastInputShapes() {
        return lastInputShapes;
    }

    /** The output shapes (batch axis -1) of the last application, or {@code null} before any. */
    public List<int[]> lastOutputShapes() {
        return lastOutputShapes;
    }

    /** Records the shapes seen by a container that propagated them without calling the layer. */
    protected final void recordShapes(List<int[]> in, List<int[]> out) {
        lastInputShapes = in;
        lastOutputShapes = out;
    }

    /**
     * The symbolic output of this layer's only application (Keras's {@code layer.output}), to cut a
     * model at an inner layer: {@code new Model(base.inputs(), base.getLayer("pool").output())}.
     */
    public SymbolicTensor output() {
        return onlyNode("output").outputs().get(0);
    }

    /** The symbolic input of this layer's only application (Keras's {@code layer.input}). */
    public SymbolicTensor input() {
        GraphNode n = onlyNode("input");
        if (n.inputs().isEmpty()) {
            return n.outputs().get(0);
        }
        return n.inputs().get(0);
    }

    private GraphNode onlyNode(String what) {
        if (inboundNodes.isEmpty()) {
            throw new IllegalStateException(describe() + " has no " + what + ": it was never applied to a symbolic tensor");
        }
        if (inboundNodes.size() > 1) {
            throw new IllegalStateException(describe() + " is applied at " + inboundNodes.size()
                    + " places, so its " + what + " is ambiguous");
        }
        return inboundNodes.get(0);
    }

    /** The graph nodes where this layer was applied, in order. */
    List<GraphNode> inboundNodes() {
        return inboundNodes;
    }

    // ---------------------------------------------------------------- summary and saving

    /**
     * Floating-point operations of one forward pass for one sample (a multiply-add counts 2),
     * given the input shapes with the batch axis; 0 when negligible or unknown.
     */
    public long flops(List<int[]> inputShapes) {
        return 0;
    }

    /**
     * The layer's configuration as JSON-compatible values (name, trainable and the constructor
     * options), from which {@link LayerRegistry} re-creates the layer.
     */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("trainable", trainable);
        if (declaredInputShape != null) {
            List<Integer> s = new ArrayList<>();
            for (int d : declaredInputShape) {
                s.add(d);
            }
            c.put("input_shape", s);
        }
        if (activityRegularizer != null) {
            c.put("activity_regularizer", ObjectConfigs.regularizer(activityRegularizer, this));
        }
        return c;
    }

    /** Restores the common options (name, trainable, input shape) from a saved config. */
    protected final void applyBaseConfig(Map<String, Object> config) {
        String n = Configs.string(config, "name", null);
        if (n != null) {
            this.name = n;
        }
        int[] s = Configs.ints(config, "input_shape");
        if (s != null) {
            ModelConfig.checkShape(config, "input_shape", s);
            declaredInputShape = s;
        }
        Regularizer ar = ObjectConfigs.regularizer(config.get("activity_regularizer"));
        if (ar != null) {
            activityRegularizer = ar;
        }
        trainable = Configs.bool(config, "trainable", trainable);
    }

    /** Re-applies the saved trainable flag to the variables once the layer is built. */
    void syncTrainable() {
        trainable(trainable);
    }

    @Override
    public String toString() {
        return describe();
    }
}
