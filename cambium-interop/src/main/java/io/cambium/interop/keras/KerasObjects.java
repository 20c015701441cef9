package io.cambium.interop.keras;

import io.cambium.nn.InvalidConfigException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's serialized initializers and regularizers (Keras 2 {@code {"class_name", "config"}},
 * Keras 3 with {@code module} and {@code registered_name}, or a bare name such as
 * {@code "glorot_uniform"}) in Cambium's form. Seeds are dropped: they pick the random draw, not
 * the distribution.
 */
final class KerasObjects {
    private KerasObjects() {
    }

    /** The class name of a serialized object or name, normalized (GlorotUniform for "glorot_uniform"). */
    static String className(Object v) {
        if (v instanceof String s) {
            StringBuilder b = new StringBuilder();
            for (String part : s.split("_")) {
                if (!part.isEmpty()) {
                    b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
            String n = b.toString();
            return switch (n.toLowerCase(Locale.ROOT)) {
                case "uniform" -> "RandomUniform";
                case "normal" -> "RandomNormal";
                case "zero" -> "Zeros";
                case "one" -> "Ones";
                default -> n;
            };
        }
        if (v instanceof Map<?, ?> m && m.get("class_name") instanceof String s) {
            return s;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Object v) {
        return v instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
    }

    private static double number(Map<String, Object> c, String key, double fallback) {
        Object v = c.get(key);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    /**
     * Whether {@code v} is the Keras initializer {@code cls} with Keras's default arguments
     * (RandomUniform -0.05..0.05, Orthogonal gain 1, Constant 0 as Zeros).
     */
    static boolean isInitializer(Object v, String cls) {
        String n = className(v);
        Map<String, Object> c = config(v);
        if (n == null) {
            return false;
        }
        return switch (cls) {
            case "RandomUniform" -> n.equals(cls) && number(c, "minval", -0.05) == -0.05 && number(c, "maxval", 0.05) == 0.05;
            case "Orthogonal" -> n.equals(cls) && number(c, "gain", 1) == 1;
            default -> n.equals(cls);
        };
    }

    /** Translates an initializer for a Cambium config that carries one. */
    static Map<String, Object> initializer(Object v, String path) {
        String n = className(v);
        Map<String, Object> c = config(v);
        Map<String, Object> cfg = new LinkedHashMap<>();
        KerasKeys k = new KerasKeys(new LinkedHashMap<>(c), path + ".config", "initializer " + n);
        k.ignoreAny("seed");
        switch (n == null ? "" : n) {
            case "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Zeros", "Ones" -> { }
            case "Constant" -> k.copy("value", cfg);
            case "RandomNormal", "TruncatedNormal" -> {
                k.copy("mean", cfg);
                k.copy("stddev", cfg);
            }
            case "RandomUniform" -> {
                k.copy("minval", cfg);
                k.copy("maxval", cfg);
            }
            case "Orthogonal", "Identity" -> k.copy("gain", cfg);
            case "VarianceScaling" -> {
                k.copy("scale", cfg);
                k.copy("mode", cfg);
                k.copy("distribution", cfg);
            }
            default -> throw new InvalidConfigException("Keras initializer " + KerasKeys.show(n == null ? v : n) + " (at " + path
                    + ") has no Cambium equivalent");
        }
        k.finish();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", n);
        out.put("config", cfg);
        return out;
    }

    /** Translates a regularizer (L1, L2, L1L2). */
    static Map<String, Object> regularizer(Object v, String path) {
        String n = className(v);
        if (!"L1".equals(n) && !"L2".equals(n) && !"L1L2".equals(n)) {
            throw new InvalidConfigException("Keras regularizer " + KerasKeys.show(n == null ? v : n) + " (at " + path
                    + ") has no Cambium equivalent (L1, L2, L1L2)");
        }
        Map<String, Object> cfg = new LinkedHashMap<>();
        KerasKeys k = new KerasKeys(new LinkedHashMap<>(config(v)), path + ".config", "regularizer " + n);
        k.copy("l1", cfg);
        k.copy("l2", cfg);
        k.finish();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", n);
        out.put("config", cfg);
        return out;
    }

    static void copyInitializer(KerasKeys k, String key, Map<String, Object> out) {
        Object v = k.take(key);
        if (v != null) {
            out.put(key, initializer(v, k.pathOf(key)));
        }
    }

    static void copyRegularizer(KerasKeys k, String key, Map<String, Object> out) {
        Object v = k.take(key);
        if (v != null) {
            out.put(key, regularizer(v, k.pathOf(key)));
        }
    }
}
