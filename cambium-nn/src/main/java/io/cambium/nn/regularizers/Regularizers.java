package io.cambium.nn.regularizers;

import io.cambium.nn.Configs;
import java.util.Map;

/** The built-in weight and activity penalties with Keras's semantics. */
public final class Regularizers {
    private Regularizers() {
    }

    /** {@code l1 * sum(|x|)} (Keras's default factor is 0.01). */
    public static L1L2 l1(double l1) {
        return new L1L2(l1, 0f);
    }

    /** {@code l2 * sum(x^2)} (Keras's default factor is 0.01). */
    public static L1L2 l2(double l2) {
        return new L1L2(0f, l2);
    }

    /** {@code l1 * sum(|x|) + l2 * sum(x^2)}. */
    public static L1L2 l1l2(double l1, double l2) {
        return new L1L2(l1, l2);
    }

    /**
     * Re-creates a penalty from {@code {"class_name": "L1"|"L2"|"L1L2", "config": {"l1", "l2"}}}.
     *
     * @throws IllegalArgumentException when the class is unknown
     */
    public static L1L2 fromConfig(Map<String, Object> m) {
        String cls = Configs.string(m, "class_name", null);
        if (!"L1".equals(cls) && !"L2".equals(cls) && !"L1L2".equals(cls)) {
            throw Configs.unknown(m, "class_name", "regularizer (expected L1, L2 or L1L2)", cls);
        }
        Map<String, Object> c = Configs.object(m, "config");
        if (c == null) {
            c = Map.of();
        }
        return new L1L2(Configs.number(c, "l1", 0f), Configs.number(c, "l2", 0f));
    }

    /** {@code {"class_name": ..., "config": {...}}}. */
    public static Map<String, Object> toConfig(L1L2 r) {
        return Map.of("class_name", r.className(), "config", r.config());
    }
}
