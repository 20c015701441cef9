package io.cambium.spark.exec;

import io.cambium.tensor.Tensor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** An optimizer's state ({@code Optimizer.state()}) in a serializable form. */
public final class StateBlob implements Serializable {
    private static final long serialVersionUID = 1L;

    final LinkedHashMap<String, float[]> values = new LinkedHashMap<>();
    final LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();

    /** A copy of an optimizer's state. */
    public static StateBlob of(Map<String, Tensor> state) {
        StateBlob b = new StateBlob();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            b.values.put(e.getKey(), e.getValue().data().clone());
            b.shapes.put(e.getKey(), e.getValue().shape());
        }
        return b;
    }

    /** The state as tensors, for {@code Optimizer.loadState}. */
    public Map<String, Tensor> toState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            out.put(e.getKey(), new Tensor(e.getValue().clone(), shapes.get(e.getKey())));
        }
        return out;
    }

    /** The number of floats held. */
    public long floats() {
        long n = 0;
        for (float[] v : values.values()) {
            n += v.length;
        }
        return n;
    }
}
