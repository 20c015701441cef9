package io.cambium.nn.layers.merge;

import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The elementwise product of its inputs (gating). */
public class Multiply extends Merge<Multiply> {
    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor s = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            s = s.mul(inputs.get(i));
        }
        return s;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Multiply fromConfig(Map<String, Object> c) {
        Multiply l = new Multiply();
        l.applyBaseConfig(c);
        return l;
    }
}
