package io.cambium.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading typed values from layer configs (parsed JSON maps), with clear errors. */
public final class Configs {
    private Configs() {
    }

    /** An int option, or {@code fallback} when absent. */
    public static int integer(Map<String, Object> c, String key, int fallback) {
        Object v = c.get(key);
        return v == null ? fallback : ((Number) v).intValue();
    }

    /** A required int option. */
    public static int integer(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            throw new IllegalArgumentException("layer config is missing '" + key + "': " + c);
        }
        return ((Number) v).intValue();
    }

    /** A float option, or {@code fallback} when absent. */
    public static float number(Map<String, Object> c, String key, float fallback) {
        Object v = c.get(key);
        return v == null ? fallback : ((Number) v).floatValue();
    }

    /** A boolean option, or {@code fallback} when absent. */
    public static boolean bool(Map<String, Object> c, String key, boolean fallback) {
        Object v = c.get(key);
        return v == null ? fallback : (Boolean) v;
    }

    /** A string option, or {@code fallback} when absent. */
    public static String string(Map<String, Object> c, String key, String fallback) {
        Object v = c.get(key);
        return v == null ? fallback : v.toString();
    }

    /** An int-array option, or {@code null} when absent. */
    public static int[] ints(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        List<?> l = (List<?>) v;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }

    /** An int array as a JSON-compatible list. */
    public static List<Integer> list(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
