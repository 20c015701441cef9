package io.cambium.nn.layers.core;

import io.cambium.Cambium;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.Map;

/**
 * Inverted dropout: while training, each element is zeroed with probability {@code rate} and the
 * survivors are scaled by {@code 1 / (1 - rate)}, so that inference (training off) is the identity.
 * An optional noise shape (without the batch axis, 1 = shared) drops whole channels or time steps.
 */
public class Dropout extends FluentLayer<Dropout> implements KeepsNoActivations {
    private final float rate;
    private int[] noiseShape;

    /** Dropout with the given rate in [0, 1). */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = (float) rate;
    }

    /** The drop probability. */
    public float rate() {
        return rate;
    }

    /** The mask shape without the batch axis; axes of size 1 share one mask value. */
    public Dropout noiseShape(int... shapeWithoutBatch) {
        this.noiseShape = shapeWithoutBatch.clone();
        return this;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        int[] s = x.shape();
        int[] ms = s.clone();
        if (noiseShape != null) {
            if (noiseShape.length != s.length - 1) {
                throw new IllegalArgumentException(describe() + ": noise shape " + Shape.str(noiseShape)
                        + " does not match input " + Shape.str(s));
            }
            for (int i = 0; i < noiseShape.length; i++) {
                ms[i + 1] = noiseShape[i] == 1 ? 1 : s[i + 1];
            }
        }
        float[] m = new float[Shape.numel(ms)];
        float keep = 1f - rate;
        float scale = 1f / keep;
        Rng rng = Cambium.rng();
        synchronized (rng) {
            for (int i = 0; i < m.length; i++) {
                m[i] = rng.nextFloat() < keep ? scale : 0f;
            }
        }
        return x.mul(new Tensor(m, ms));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rate", (double) rate);
        if (noiseShape != null) {
            c.put("noise_shape", Configs.list(noiseShape));
        }
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Dropout fromConfig(Map<String, Object> c) {
        Dropout d = new Dropout(Configs.number(c, "rate", 0.5f));
        int[] ns = Configs.ints(c, "noise_shape");
        if (ns != null) {
            d.noiseShape(ns);
        }
        d.applyBaseConfig(c);
        return d;
    }
}
