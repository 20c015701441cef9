package io.cambium.nn.layers.regularization;

import io.cambium.Cambium;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Tensor;
import java.util.Map;

/**
 * Adds zero-mean Gaussian noise with standard deviation {@code stddev} during training only
 * (Keras's GaussianNoise): a regularizer and a way to train denoising models.
 */
public class GaussianNoise extends FluentLayer<GaussianNoise> {
    private final float stddev;

    /** Noise of standard deviation {@code stddev}. */
    public GaussianNoise(double stddev) {
        if (stddev < 0) {
            throw new IllegalArgumentException("GaussianNoise: stddev must be non-negative, got " + stddev);
        }
        this.stddev = (float) stddev;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        if (!training || stddev == 0f) {
            return x;
        }
        Tensor noise;
        synchronized (Cambium.rng()) {
            noise = Tensor.normal(Cambium.rng(), 0f, stddev, x.shape());
        }
        return x.add(noise);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("stddev", (double) stddev);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static GaussianNoise fromConfig(Map<String, Object> c) {
        GaussianNoise g = new GaussianNoise(Configs.number(c, "stddev", 0f));
        g.applyBaseConfig(c);
        return g;
    }
}
