package io.cambium.nn.layers.regularization;

import io.cambium.Cambium;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Tensor;
import java.util.Map;

/**
 * Drops whole feature maps during training (Keras's SpatialDropout1D/2D): one inverted-dropout
 * decision per sample and channel, shared by all steps or pixels, which suits convolutional
 * features whose neighbours are strongly correlated. Works on any channels-last rank >= 3.
 */
public class SpatialDropout extends FluentLayer<SpatialDropout> {
    private final float rate;

    /** Drops a channel with probability {@code rate}. */
    public SpatialDropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("SpatialDropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = (float) rate;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        if (x.rank() < 3) {
            throw new IllegalArgumentException(describe() + ": expected (batch, ..., channels) of rank >= 3, got "
                    + shapeStr(x.shape()));
        }
        int[] noise = x.shape();
        for (int i = 1; i < noise.length - 1; i++) {
            noise[i] = 1;
        }
        synchronized (Cambium.rng()) {
            return x.dropout(rate, Cambium.rng(), noise);
        }
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rate", (double) rate);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static SpatialDropout fromConfig(Map<String, Object> c) {
        SpatialDropout s = new SpatialDropout(Configs.number(c, "rate", 0f));
        s.applyBaseConfig(c);
        return s;
    }
}
