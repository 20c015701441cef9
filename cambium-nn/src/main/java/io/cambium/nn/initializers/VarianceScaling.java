package io.cambium.nn.initializers;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's VarianceScaling, the family of Glorot/Xavier, He and LeCun initializers: with
 * {@code n} the fan-in, fan-out or their average ({@link Fans}), samples have variance
 * {@code scale / n}: uniform in {@code [-sqrt(3 scale / n), sqrt(3 scale / n))}, normal, or a
 * normal truncated at two standard deviations whose standard deviation is corrected by
 * 0.87962566103423978 so that the truncated samples keep the variance.
 */
public final class VarianceScaling implements SerializableInitializer {
    /** Which fan divides the scale. */
    public enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

    /** The sampling distribution. */
    public enum Distribution { TRUNCATED_NORMAL, UNTRUNCATED_NORMAL, UNIFORM }

    private static final double TRUNCATION_CORRECTION = 0.87962566103423978;
    private final double scale;
    private final Mode mode;
    private final Distribution distribution;
    private final String className;

    /** A variance-scaling initializer. */
    public VarianceScaling(double scale, Mode mode, Distribution distribution) {
        this(scale, mode, distribution, "VarianceScaling");
    }

    VarianceScaling(double scale, Mode mode, Distribution distribution, String className) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException(className + ": scale must be positive, got " + scale);
        }
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
        this.className = className;
    }

    @Override
    public Tensor initialize(int[] shape, Rng rng) {
        double[] fans = Fans.of(shape);
        double n = switch (mode) {
            case FAN_IN -> fans[0];
            case FAN_OUT -> fans[1];
            case FAN_AVG -> (fans[0] + fans[1]) / 2;
        };
        double s = scale / Math.max(1, n);
        Tensor t = Tensor.zeros(shape);
        switch (distribution) {
            case TRUNCATED_NORMAL -> RandomNormal.fill(t.data(), rng, 0, Math.sqrt(s) / TRUNCATION_CORRECTION, true);
            case UNTRUNCATED_NORMAL -> RandomNormal.fill(t.data(), rng, 0, Math.sqrt(s), false);
            case UNIFORM -> {
                double limit = Math.sqrt(3 * s);
                RandomUniform.fill(t.data(), rng, -limit, limit);
            }
        }
        return t;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (className.equals("VarianceScaling")) {
            c.put("scale", scale);
            c.put("mode", mode.name().toLowerCase(Locale.ROOT));
            c.put("distribution", distribution.name().toLowerCase(Locale.ROOT));
        }
        return c;
    }
}
