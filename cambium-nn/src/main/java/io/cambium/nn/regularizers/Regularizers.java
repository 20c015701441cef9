package io.cambium.nn.regularizers;

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
    @SuppressWarnings("unchecked")
    public static L1L2 fromConfig(Map<String, Object> m) {
        Object cls = m.get("class_name");
        Map<String, Object> c = m.get("config") instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
        float l1 = c.get("l1") instanceof Number n ? n.floatValue() : 0f;
        float l2 = c.get("l2") instanceof Number n ? n.floatValue() : 0f;
        if (!"L1".equals(cls) && !"L2".equals(cls) && !"L1L2".equals(cls)) {
            throw new IllegalArgumentException("unknown regularizer '" + cls + "'");
        }
        return new L1L2(l1, l2);
    }

    /** {@code {"class_name": ..., "config": {...}}}. */
    public static Map<String, Object> toConfig(L1L2 r) {
        return Map.of("class_name", r.className(), "config", r.config());
    }
}
