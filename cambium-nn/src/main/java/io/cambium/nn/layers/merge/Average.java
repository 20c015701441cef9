package io.cambium.nn.layers.merge;

import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The elementwise mean of its inputs (ensembles of branches). */
public class Average extends Merge<Average> {
    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor s = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            s = s.add(inputs.get(i));
        }
        return s.mul(1f / inputs.size());
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Average fromConfig(Map<String, Object> c) {
        Average l = new Average();
        l.applyBaseConfig(c);
        return l;
    }
}
