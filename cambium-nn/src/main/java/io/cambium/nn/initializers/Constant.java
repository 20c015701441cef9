package io.cambium.nn.initializers;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fills the weight with one value (Keras's Constant, Zeros and Ones). */
public final class Constant implements SerializableInitializer {
    private final float value;

    /** Fills with {@code value}. */
    public Constant(double value) {
        this.value = (float) value;
    }

    @Override
    public Tensor initialize(int[] shape, Rng rng) {
        return Tensor.full(value, shape);
    }

    @Override
    public String className() {
        return value == 0 ? "Zeros" : value == 1 ? "Ones" : "Constant";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (value != 0 && value != 1) {
            c.put("value", Double.parseDouble(Float.toString(value)));
        }
        return c;
    }
}
