package io.cambium.nn.layers.recurrent;

import io.cambium.nn.FluentLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the same layer to every time step of a {@code (batch, timesteps, ...)} input (Keras's
 * TimeDistributed): the batch and time axes are folded into one, the layer runs once on all steps,
 * and the axes are unfolded.
 */
public class TimeDistributed extends FluentLayer<TimeDistributed> {
    private final Layer layer;

    /** Wraps {@code layer}. */
    public TimeDistributed(Layer layer) {
        this.layer = track(layer);
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectMinRank(inputShapes.get(0), 3);
    }

    @Override
    public void build(int[] inputShape) {
        layer.ensureBuilt(List.of(stepShape(inputShape)));
    }

    private static int[] stepShape(int[] s) {
        int[] out = new int[s.length - 1];
        out[0] = s[0] < 0 || s[1] < 0 ? -1 : s[0] * s[1];
        System.arraycopy(s, 2, out, 1, s.length - 2);
        return out;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        int b = x.dim(0);
        int t = x.dim(1);
        Tensor y = layer.apply(x.reshape(stepShape(x.shape())), training);
        int[] ys = y.shape();
        int[] out = new int[ys.length + 1];
        out[0] = b;
        out[1] = t;
        System.arraycopy(ys, 1, out, 2, ys.length - 1);
        return y.reshape(out);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] inner = layer.computeOutputShape(stepShape(inputShape));
        int[] out = new int[inner.length + 1];
        out[0] = inputShape[0];
        out[1] = inputShape[1];
        System.arraycopy(inner, 1, out, 2, inner.length - 1);
        return out;
    }

    /** The wrapped layer's FLOPs for one step of one sample, times the number of steps. */
    @Override
    public long flops(List<int[]> inputShapes) {
        int[] one = inputShapes.get(0).clone();
        one[0] = 1;
        one[1] = 1;
        return Math.max(1, inputShapes.get(0)[1]) * layer.flops(List.of(stepShape(one)));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", layer.className());
        inner.put("config", layer.config());
        c.put("layer", inner);
        return c;
    }

    /** Re-creates the wrapper and its layer from {@link #config()}. */
    @SuppressWarnings("unchecked")
    public static TimeDistributed fromConfig(Map<String, Object> c) {
        Map<String, Object> inner = (Map<String, Object>) c.get("layer");
        TimeDistributed t = new TimeDistributed(LayerRegistry.create((String) inner.get("class_name"),
                (Map<String, Object>) inner.get("config")));
        t.applyBaseConfig(c);
        return t;
    }
}
