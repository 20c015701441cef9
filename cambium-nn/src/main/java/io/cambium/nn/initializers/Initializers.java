package io.cambium.nn.initializers;

import io.cambium.nn.Configs;
import io.cambium.nn.InvalidConfigException;
import io.cambium.nn.initializers.VarianceScaling.Distribution;
import io.cambium.nn.initializers.VarianceScaling.Mode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The built-in initializers with Keras's names and defaults. */
public final class Initializers {
    private Initializers() {
    }

    /** All zeros. */
    public static SerializableInitializer zeros() {
        return new Constant(0f);
    }

    /** All ones. */
    public static SerializableInitializer ones() {
        return new Constant(1f);
    }

    /** All {@code value}. */
    public static SerializableInitializer constant(double value) {
        return new Constant(value);
    }

    /** Normal samples (Keras's defaults: mean 0, stddev 0.05). */
    public static SerializableInitializer randomNormal(double mean, double stddev) {
        return new RandomNormal(mean, stddev, false);
    }

    /** Uniform samples in {@code [minval, maxval)} (Keras's defaults: -0.05, 0.05). */
    public static SerializableInitializer randomUniform(double minval, double maxval) {
        return new RandomUniform(minval, maxval);
    }

    /** Normal samples redrawn beyond two standard deviations. */
    public static SerializableInitializer truncatedNormal(double mean, double stddev) {
        return new RandomNormal(mean, stddev, true);
    }

    /** Glorot/Xavier uniform: limit {@code sqrt(6 / (fanIn + fanOut))}. */
    public static SerializableInitializer glorotUniform() {
        return new VarianceScaling(1, Mode.FAN_AVG, Distribution.UNIFORM, "GlorotUniform");
    }

    /** Glorot/Xavier normal: truncated normal, stddev {@code sqrt(2 / (fanIn + fanOut))}. */
    public static SerializableInitializer glorotNormal() {
        return new VarianceScaling(1, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, "GlorotNormal");
    }

    /** He uniform: limit {@code sqrt(6 / fanIn)}. */
    public static SerializableInitializer heUniform() {
        return new VarianceScaling(2, Mode.FAN_IN, Distribution.UNIFORM, "HeUniform");
    }

    /** He normal: truncated normal, stddev {@code sqrt(2 / fanIn)}. */
    public static SerializableInitializer heNormal() {
        return new VarianceScaling(2, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, "HeNormal");
    }

    /** LeCun uniform: limit {@code sqrt(3 / fanIn)}. */
    public static SerializableInitializer lecunUniform() {
        return new VarianceScaling(1, Mode.FAN_IN, Distribution.UNIFORM, "LecunUniform");
    }

    /** LeCun normal: truncated normal, stddev {@code sqrt(1 / fanIn)}. */
    public static SerializableInitializer lecunNormal() {
        return new VarianceScaling(1, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, "LecunNormal");
    }

    /** Keras's VarianceScaling. */
    public static SerializableInitializer varianceScaling(double scale, Mode mode, Distribution distribution) {
        return new VarianceScaling(scale, mode, distribution);
    }

    /** An orthogonal matrix times {@code gain}. */
    public static SerializableInitializer orthogonal(double gain) {
        return new Orthogonal(gain);
    }

    /** The identity matrix times {@code gain}. */
    public static SerializableInitializer identity(double gain) {
        return new Identity(gain);
    }

    /**
     * An initializer by Keras identifier ({@code glorot_uniform}, {@code he_normal}, {@code zeros},
     * {@code orthogonal}, ...; class names such as {@code GlorotUniform} are accepted too), with
     * Keras's default hyperparameters.
     */
    public static SerializableInitializer get(String name) {
        String n = name.replace("_", "").toLowerCase(Locale.ROOT);
        return switch (n) {
            case "zeros", "zero" -> zeros();
            case "ones", "one" -> ones();
            case "randomnormal", "normal" -> randomNormal(0, 0.05);
            case "randomuniform", "uniform" -> randomUniform(-0.05, 0.05);
            case "truncatednormal" -> truncatedNormal(0, 0.05);
            case "glorotuniform", "xavieruniform" -> glorotUniform();
            case "glorotnormal", "xaviernormal" -> glorotNormal();
            case "heuniform" -> heUniform();
            case "henormal" -> heNormal();
            case "lecununiform" -> lecunUniform();
            case "lecunnormal" -> lecunNormal();
            case "orthogonal" -> orthogonal(1);
            case "identity" -> identity(1);
            default -> throw new IllegalArgumentException("unknown initializer '" + name + "'");
        };
    }

    /** {@code {"class_name": ..., "config": {...}}}. */
    public static Map<String, Object> toConfig(SerializableInitializer init) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", init.className());
        m.put("config", init.config());
        return m;
    }

    /**
     * Re-creates an initializer from {@link #toConfig(SerializableInitializer)}.
     *
     * @throws IllegalArgumentException naming the class when it is unknown or a key is missing
     */
    public static SerializableInitializer fromConfig(Map<String, Object> m) {
        String cls = Configs.string(m, "class_name", null);
        if (cls == null) {
            throw new InvalidConfigException("initializer config has no 'class_name'"
                    + (Configs.path(m, "class_name").equals("class_name") ? "" : " (at " + Configs.path(m, "class_name") + ")"));
        }
        Map<String, Object> c = Configs.object(m, "config");
        if (c == null) {
            c = Map.of();
        }
        return switch (cls) {
            case "Constant" -> constant(Configs.number(c, "value", 0f));
            case "RandomNormal" -> randomNormal(num(c, "mean"), num(c, "stddev"));
            case "TruncatedNormal" -> truncatedNormal(num(c, "mean"), num(c, "stddev"));
            case "RandomUniform" -> randomUniform(num(c, "minval"), num(c, "maxval"));
            case "Orthogonal" -> orthogonal(num(c, "gain"));
            case "Identity" -> identity(num(c, "gain"));
            case "VarianceScaling" -> varianceScaling(num(c, "scale"), choice(c, "mode", Mode.class),
                    choice(c, "distribution", Distribution.class));
            default -> {
                try {
                    yield get(cls);
                } catch (IllegalArgumentException e) {
                    throw Configs.unknown(m, "class_name", "initializer", cls);
                }
            }
        };
    }

    private static double num(Map<String, Object> c, String key) {
        if (c.get(key) == null) {
            throw Configs.invalid(c, key, "must be a number", null);
        }
        return Configs.real(c, key, 0);
    }

    private static <E extends Enum<E>> E choice(Map<String, Object> c, String key, Class<E> type) {
        String v = Configs.string(c, key, null);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw Configs.invalid(c, key, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()), v);
    }
}
