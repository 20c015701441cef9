package io.cambium.nn.layers.core;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Tensor;
import java.util.Map;

/** {@code x} for x > 0, {@code negativeSlope * x} otherwise (Keras's LeakyReLU; default slope 0.3). */
public class LeakyReLU extends FluentLayer<LeakyReLU> implements KeepsNoActivations {
    private final float negativeSlope;

    /** Keras's default slope 0.3. */
    public LeakyReLU() {
        this(0.3f);
    }

    /** The given slope for negative inputs. */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = (float) negativeSlope;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.leakyRelu(negativeSlope);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("negative_slope", (double) negativeSlope);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static LeakyReLU fromConfig(Map<String, Object> c) {
        LeakyReLU l = new LeakyReLU(Configs.number(c, "negative_slope", 0.3f));
        l.applyBaseConfig(c);
        return l;
    }
}
