package io.cambium.nn.layers.preprocessing;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Tensor;
import java.util.Map;

/** {@code x * scale + offset} (Keras's Rescaling), e.g. {@code new Rescaling(1 / 255f)} for pixels. */
public class Rescaling extends FluentLayer<Rescaling> {
    private final float scale;
    private final float offset;

    /** Multiplies by {@code scale} and adds {@code offset}. */
    public Rescaling(double scale, double offset) {
        this.scale = (float) scale;
        this.offset = (float) offset;
    }

    /** Multiplies by {@code scale}. */
    public Rescaling(double scale) {
        this(scale, 0f);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = x.mul(scale);
        return offset == 0f ? y : y.add(offset);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("scale", (double) scale);
        c.put("offset", (double) offset);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Rescaling fromConfig(Map<String, Object> c) {
        Rescaling r = new Rescaling(Configs.number(c, "scale", 1f), Configs.number(c, "offset", 0f));
        r.applyBaseConfig(c);
        return r;
    }
}
