package io.cambium.nn;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linear stack of single-input, single-output layers. When the first layer declares an input
 * shape ({@link Layer#inputShape(int...)}) or the stack starts with an {@link InputLayer}, the
 * model is built as layers are added, so that {@link #summary()} works before any data is seen;
 * otherwise it is built by its first call.
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    private InputLayer inputLayer;
    private InputLayer implicitInput;
    private int[] builtInputShape;
    private final List<int[]> outputShapes = new ArrayList<>();

    /** A stack of the given layers. */
    public Sequential(Layer... layers) {
        super(uniqueName("sequential"));
        for (Layer l : layers) {
            add(l);
        }
    }

    /** A named stack. */
    public Sequential(String name, List<Layer> layers) {
        super(name);
        for (Layer l : layers) {
            add(l);
        }
    }

    @Override
    public String className() {
        return "Sequential";
    }

    // Covariant overrides: Model's setters return Model, a Sequential's return Sequential.

    @Override
    public Sequential name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Sequential inputShape(int... shapeWithoutBatch) {
        super.inputShape(shapeWithoutBatch);
        return this;
    }

    @Override
    public Sequential trainable(boolean value) {
        super.trainable(value);
        return this;
    }

    @Override
    public Sequential activityRegularizer(io.cambium.nn.regularizers.Regularizer r) {
        super.activityRegularizer(r);
        return this;
    }

    /** Appends a layer (an {@link InputLayer} is accepted only first). */
    public Sequential add(Layer layer) {
        if (layer instanceof InputLayer in) {
            if (!stack.isEmpty() || inputLayer != null) {
                throw new IllegalArgumentException(describe() + ": an InputLayer can only be the first layer");
            }
            inputLayer = in;
            builtInputShape = in.shape();
            return this;
        }
        if (layer == this) {
            throw new IllegalArgumentException(describe() + ": cannot add a model to itself");
        }
        stack.add(layer);
        if (stack.size() == 1 && builtInputShape == null) {
            builtInputShape = knownInputShape(layer);
        }
        if (builtInputShape != null) {
            int[] in = stack.size() == 1 ? builtInputShape : outputShapes.get(outputShapes.size() - 1);
            outputShapes.add(buildLayer(layer, in));
            markBuilt();
        }
        return this;
    }

    /** Appends an input of the given shape without the batch axis (like {@code model.add(Input(shape))}). */
    public Sequential input(int... shapeWithoutBatch) {
        return add(new InputLayer(shapeWithoutBatch, null));
    }

    /**
     * The input shape (batch axis first) a first layer determines: its declared input shape, or
     * the input of a functional model (a backbone), as Keras builds a Sequential that starts
     * with one; {@code null} when the shape is only known from data.
     */
    private static int[] knownInputShape(Layer first) {
        int[] d = first.declaredInputShape();
        if (d != null) {
            int[] s = new int[d.length + 1];
            s[0] = -1;
            System.arraycopy(d, 0, s, 1, d.length);
            return s;
        }
        if (first instanceof Model m && !(first instanceof Sequential) && m.isGraphNetwork()) {
            List<int[]> shapes = m.inputShapes();
            if (shapes != null && shapes.size() == 1) {
                int[] s = shapes.get(0).clone();
                s[0] = -1;
                return s;
            }
        }
        if (first instanceof Sequential inner) {
            return inner.builtInputShape();
        }
        return null;
    }

    private static int[] buildLayer(Layer layer, int[] in) {
        layer.ensureBuilt(List.of(in));
        int[] out = layer.computeOutputShape(in);
        layer.recordShapes(List.of(in), List.of(out));
        return out;
    }

    /** Removes the last layer (Keras's pop), for example to drop a classification head. */
    public Layer pop() {
        if (stack.isEmpty()) {
            throw new IllegalStateException(describe() + ": no layer to pop");
        }
        if (!outputShapes.isEmpty()) {
            outputShapes.remove(outputShapes.size() - 1);
        }
        return stack.remove(stack.size() - 1);
    }

    @Override
    public boolean isGraphNetwork() {
        return true;
    }

    /** The layers in order (without the input layer, as Keras's Sequential.layers). */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(stack);
    }

    @Override
    public List<Layer> childLayers() {
        List<Layer> out = new ArrayList<>(stack);
        for (Layer l : super.childLayers()) {
            if (!out.contains(l) && l != inputLayer) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The symbolic input once the input shape is known (from an {@link InputLayer}, the first
     * layer's declared shape or the first call), as Keras's {@code model.inputs}; {@code null}
     * before. (A loaded Sequential answered {@code null} here, which crashed {@code cambium predict}.)
     */
    @Override
    public List<SymbolicTensor> inputs() {
        if (inputLayer != null) {
            return List.of(inputLayer.output());
        }
        if (builtInputShape == null) {
            return null;
        }
        synchronized (this) {
            if (implicitInput == null || !java.util.Arrays.equals(implicitInput.shape(), builtInputShape)) {
                // Not part of the stack or its config: only describes what the model takes.
                implicitInput = new InputLayer(java.util.Arrays.copyOfRange(builtInputShape, 1, builtInputShape.length),
                        name() + "_input");
            }
            return List.of(implicitInput.output());
        }
    }

    @Override
    public List<int[]> inputShapes() {
        return builtInputShape == null ? null : List.of(builtInputShape.clone());
    }

    /** The input shape with the batch axis, or {@code null} before the model is built. */
    public int[] builtInputShape() {
        return builtInputShape == null ? null : builtInputShape.clone();
    }

    @Override
    public void build(int[] inputShape) {
        if (builtInputShape != null) {
            return;
        }
        builtInputShape = inputShape.clone();
        builtInputShape[0] = -1;
        int[] s = builtInputShape;
        outputShapes.clear();
        for (Layer l : stack) {
            s = buildLayer(l, s);
            outputShapes.add(s);
        }
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new IllegalArgumentException(describe() + ": expects 1 input, got " + inputShapes.size());
        }
        if (inputLayer != null) {
            inputLayer.checkInputs(inputShapes);
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (stack.isEmpty()) {
            throw new IllegalStateException(describe() + ": the model has no layers");
        }
        // With recording off, an activation between two layers that keep nothing is dead once the
        // second has read it (no graph, no hook, no state holds it): its array is reused, as
        // PyTorch frees it, instead of piling up as garbage (in batched inference these are the
        // largest allocations there are). The caller's input and the result are never reused.
        boolean reuse = !training && !NoGrad.isEnabled();
        Tensor h = x;
        Layer producer = null;
        for (Layer l : stack) {
            Tensor next = l.apply(h, training);
            if (reuse && producer != null && releasable(producer) && releasable(l)
                    && h.data() != x.data() && next.data() != h.data()) {
                ArrayPool.give(h.data());
            }
            producer = l;
            h = next;
        }
        return h;
    }

    private static boolean releasable(Layer l) {
        return l.keepsNoActivations() && !l.hasForwardHooks();
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(describe() + ": expects 1 input, got " + inputs.size());
        }
        return call(inputs.get(0), training);
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return List.of(call(inputs, training));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] s = inputShape;
        for (Layer l : stack) {
            s = l.computeOutputShape(s);
        }
        return s;
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(computeOutputShape(inputShapes.get(0)));
    }

    @Override
    public int outputCount() {
        return 1;
    }

    @Override
    public List<String> outputNames() {
        return List.of(stack.isEmpty() ? "output_1" : stack.get(stack.size() - 1).name());
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        long total = 0;
        int[] s = inputShapes.get(0);
        for (Layer l : stack) {
            total += l.flops(List.of(s));
            s = l.computeOutputShape(s);
        }
        return total;
    }

    /** Re-creates a Sequential model from {@link #config()}. */
    public static Sequential fromConfig(Map<String, Object> config) {
        return ModelConfig.sequentialFromConfig(config);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("trainable", trainable());
        if (inputLayer != null) {
            List<Integer> s = new ArrayList<>();
            int[] sh = inputLayer.shape();
            for (int i = 1; i < sh.length; i++) {
                s.add(sh[i]);
            }
            c.put("input_shape", s);
        }
        if (inputLayer == null && builtInputShape != null) {
            // Keras's build_input_shape: a stack built by a call or by a backbone's input reloads built.
            List<Integer> s = new ArrayList<>();
            for (int d : builtInputShape) {
                s.add(d < 0 ? null : d);
            }
            c.put("build_input_shape", s);
        }
        List<Object> layers = new ArrayList<>();
        for (Layer l : stack) {
            Map<String, Object> lc = new LinkedHashMap<>();
            lc.put("class_name", l.className());
            lc.put("config", l.config());
            layers.add(lc);
        }
        c.put("layers", layers);
        return c;
    }
}
