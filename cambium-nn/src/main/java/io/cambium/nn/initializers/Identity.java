package io.cambium.nn.initializers;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's Identity: {@code gain} times the identity matrix (rectangular matrices get ones on the diagonal). */
public final class Identity implements SerializableInitializer {
    private final double gain;

    /** An identity initializer. */
    public Identity(double gain) {
        this.gain = gain;
    }

    @Override
    public Tensor initialize(int[] shape, Rng rng) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("Identity: needs a matrix, got shape " + Shape.str(shape));
        }
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < Math.min(shape[0], shape[1]); i++) {
            t.data()[i * shape[1] + i] = (float) gain;
        }
        return t;
    }

    @Override
    public String className() {
        return "Identity";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("gain", gain);
        return c;
    }
}
