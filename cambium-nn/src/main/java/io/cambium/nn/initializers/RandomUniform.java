package io.cambium.nn.initializers;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/** Uniform samples in {@code [minval, maxval)} (Keras's RandomUniform). */
public final class RandomUniform implements SerializableInitializer {
    private final double minval;
    private final double maxval;

    /** A uniform initializer. */
    public RandomUniform(double minval, double maxval) {
        if (!(maxval >= minval)) {
            throw new IllegalArgumentException("RandomUniform: maxval " + maxval + " is below minval " + minval);
        }
        this.minval = minval;
        this.maxval = maxval;
    }

    @Override
    public Tensor initialize(int[] shape, Rng rng) {
        Tensor t = Tensor.zeros(shape);
        fill(t.data(), rng, minval, maxval);
        return t;
    }

    static void fill(float[] d, Rng rng, double lo, double hi) {
        double span = hi - lo;
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (lo + span * rng.nextDouble());
        }
    }

    @Override
    public String className() {
        return "RandomUniform";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("minval", minval);
        c.put("maxval", maxval);
        return c;
    }
}
