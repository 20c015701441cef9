package io.cambium.nn.layers.core;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Tensor;
import java.util.Map;

/** {@code x} for x > 0, {@code alpha * (exp(x) - 1)} otherwise (Keras's ELU; default alpha 1). */
public class ELU extends FluentLayer<ELU> implements KeepsNoActivations {
    private final float alpha;

    /** alpha = 1. */
    public ELU() {
        this(1f);
    }

    /** The given alpha. */
    public ELU(double alpha) {
        this.alpha = (float) alpha;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.elu(alpha);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("alpha", (double) alpha);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static ELU fromConfig(Map<String, Object> c) {
        ELU l = new ELU(Configs.number(c, "alpha", 1f));
        l.applyBaseConfig(c);
        return l;
    }
}
