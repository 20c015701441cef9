package io.cambium.nn.layers.merge;

import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Sums its inputs elementwise (residual connections). */
public class Add extends Merge<Add> {
    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor s = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            s = s.add(inputs.get(i));
        }
        return s;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Add fromConfig(Map<String, Object> c) {
        Add l = new Add();
        l.applyBaseConfig(c);
        return l;
    }
}
