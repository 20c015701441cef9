package io.cambium.nn.layers.merge;

import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The difference of exactly two inputs: {@code inputs[0] - inputs[1]}. */
public class Subtract extends Merge<Subtract> {
    @Override
    protected int maxInputs() {
        return 2;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return inputs.get(0).sub(inputs.get(1));
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Subtract fromConfig(Map<String, Object> c) {
        Subtract l = new Subtract();
        l.applyBaseConfig(c);
        return l;
    }
}
