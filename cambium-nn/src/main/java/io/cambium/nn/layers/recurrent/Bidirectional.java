package io.cambium.nn.layers.recurrent;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Masks;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.recurrent.ReverseTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a recurrent layer in both directions and merges the two outputs (Keras's Bidirectional).
 * The forward copy is named {@code forward_<name>}, the backward copy (same options, opposite
 * direction) {@code backward_<name>}. With {@code returnSequences} the backward sequence is put
 * back in input order before merging; with {@code returnState} the outputs are the merged output
 * followed by the forward states, then the backward states. An input mask reaches both directions.
 * Initial states, when given, follow the sequence as extra inputs: the forward layer's, then the
 * backward layer's (Keras's initial_state).
 *
 * <p>Merge modes: {@code concat} (default, last axis), {@code sum}, {@code mul}, {@code ave}.
 */
public class Bidirectional extends FluentLayer<Bidirectional> {
    private static final List<String> MODES = List.of("concat", "sum", "mul", "ave");

    private final Recurrent<?> forward;
    private final Recurrent<?> backward;
    private String mergeMode = "concat";

    /** Wraps {@code layer}: it becomes the forward direction. */
    public Bidirectional(Recurrent<?> layer) {
        String base = layer.name();
        this.backward = layer.reversedCopy().name("backward_" + base);
        this.forward = layer.name("forward_" + base);
    }

    /** How the two directions are combined: concat (default), sum, mul or ave. */
    public Bidirectional mergeMode(String mode) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException(describe() + ": merge mode must be one of " + MODES + ", got '" + mode + "'");
        }
        this.mergeMode = mode;
        return this;
    }

    /** The merge mode. */
    public String mergeMode() {
        return mergeMode;
    }

    /** The forward-direction layer. */
    public Recurrent<?> forwardLayer() {
        return forward;
    }

    /** The backward-direction layer. */
    public Recurrent<?> backwardLayer() {
        return backward;
    }

    /** Forward first, then backward, as Keras orders the weights. */
    @Override
    public List<Layer> childLayers() {
        return List.of(forward, backward);
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int states = forward.stateCount();
        if (inputShapes.size() != 1 && inputShapes.size() != 1 + 2 * states) {
            throw new IllegalArgumentException(describe() + ": expects the sequence, optionally followed by " + states
                    + " forward and " + states + " backward initial state(s); got " + inputShapes.size() + " inputs");
        }
        expectRank(inputShapes.get(0), 3);
    }

    @Override
    public void build(List<int[]> inputShapes) {
        build(inputShapes.get(0));
    }

    @Override
    public void build(int[] inputShape) {
        forward.ensureBuilt(List.of(inputShape));
        backward.ensureBuilt(List.of(inputShape));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return callAll(List.of(x), training).get(0);
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        buildIfNeeded(inputs);
        Tensor x = inputs.get(0);
        int states = forward.stateCount();
        List<Tensor> fIn = new ArrayList<>();
        List<Tensor> bIn = new ArrayList<>();
        fIn.add(x);
        bIn.add(x);
        if (inputs.size() > 1) {
            fIn.addAll(inputs.subList(1, 1 + states));
            bIn.addAll(inputs.subList(1 + states, 1 + 2 * states));
        }
        List<Tensor> f = forward.applyAll(fIn, training);
        List<Tensor> b = backward.applyAll(bIn, training);
        Tensor bOut = b.get(0);
        if (forward.returnsSequences()) {
            bOut = ReverseTime.apply(bOut);
        }
        Tensor merged = merge(f.get(0), bOut);
        if (forward.returnsSequences()) {
            Masks.attach(merged, Masks.of(x));
        }
        List<Tensor> out = new ArrayList<>();
        out.add(merged);
        if (forward.returnsState()) {
            out.addAll(f.subList(1, f.size()));
            out.addAll(b.subList(1, b.size()));
        }
        return out;
    }

    private Tensor merge(Tensor a, Tensor b) {
        switch (mergeMode) {
            case "sum":
                return a.add(b);
            case "mul":
                return a.mul(b);
            case "ave":
                return a.add(b).mul(0.5f);
            default:
                return Tensor.concat(a.rank() - 1, a, b);
        }
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = forward.computeOutputShape(inputShape);
        if (mergeMode.equals("concat")) {
            out[out.length - 1] = Shape.checkedSize(describe() + " output size", 2L * out[out.length - 1]);
        }
        return out;
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        List<int[]> inner = forward.computeOutputShapes(inputShapes);
        List<int[]> out = new ArrayList<>();
        out.add(computeOutputShape(inputShapes.get(0)));
        if (forward.returnsState()) {
            List<int[]> states = inner.subList(1, inner.size());
            out.addAll(states);
            out.addAll(states);
        }
        return out;
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        return forward.flops(inputShapes) + backward.flops(inputShapes);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", forward.className());
        Map<String, Object> fc = forward.config();
        String n = fc.get("name").toString();
        fc.put("name", n.startsWith("forward_") ? n.substring("forward_".length()) : n);
        inner.put("config", fc);
        c.put("layer", inner);
        c.put("merge_mode", mergeMode);
        return c;
    }

    /** Re-creates the wrapper and its layer from {@link #config()}. */
    @SuppressWarnings("unchecked")
    public static Bidirectional fromConfig(Map<String, Object> c) {
        Map<String, Object> inner = (Map<String, Object>) c.get("layer");
        Layer l = LayerRegistry.create((String) inner.get("class_name"), (Map<String, Object>) inner.get("config"));
        if (!(l instanceof Recurrent<?> r)) {
            throw new IllegalArgumentException("Bidirectional: the wrapped layer must be recurrent, got " + l.className());
        }
        Bidirectional b = new Bidirectional(r);
        b.applyBaseConfig(c);
        b.mergeMode(Configs.string(c, "merge_mode", "concat"));
        return b;
    }
}
