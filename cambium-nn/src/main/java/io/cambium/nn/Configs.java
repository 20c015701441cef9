package io.cambium.nn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading typed values from configs (parsed JSON maps) strictly: a value of the wrong type, a
 * fraction where an integer is expected or a number out of range is an
 * {@link InvalidConfigException} naming the key's path, never a silent conversion ({@code 12.9}
 * units becoming 12, {@code 1e30} becoming {@code Integer.MAX_VALUE}). An absent key or a JSON
 * {@code null} gives the fallback. Configs loaded from files are tracked, so that keys no factory
 * reads are rejected too (see {@link ModelConfig}).
 */
public final class Configs {
    private static final int MAX_SHOWN = 80;

    private Configs() {
    }

    /** An int option, or {@code fallback} when absent. */
    public static int integer(Map<String, Object> c, String key, int fallback) {
        Object v = c.get(key);
        return v == null ? fallback : toInt(c, key, v);
    }

    /** A required int option. */
    public static int integer(Map<String, Object> c, String key) {
        return toInt(c, key, required(c, key));
    }

    /** A required long option (an integer within the 64-bit range). */
    public static long longInteger(Map<String, Object> c, String key) {
        Object v = required(c, key);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() <= 63) {
            return b.longValue();
        }
        if ((v instanceof Double || v instanceof Float || v instanceof BigDecimal)) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return (long) d;
            }
        }
        throw invalid(c, key, "must be an integer within the 64-bit range", v);
    }

    /** A float option (finite, within float range), or {@code fallback} when absent. */
    public static float number(Map<String, Object> c, String key, float fallback) {
        Object v = c.get(key);
        if (v == null) {
            return fallback;
        }
        double d = toDouble(c, key, v);
        float f = (float) d;
        if (Float.isInfinite(f)) {
            throw invalid(c, key, "is outside the float32 range", v);
        }
        return f;
    }

    /** A double option (finite), or {@code fallback} when absent. */
    public static double real(Map<String, Object> c, String key, double fallback) {
        Object v = c.get(key);
        return v == null ? fallback : toDouble(c, key, v);
    }

    /** A boolean option, or {@code fallback} when absent. */
    public static boolean bool(Map<String, Object> c, String key, boolean fallback) {
        Object v = c.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw invalid(c, key, "must be true or false", v);
        }
        return b;
    }

    /** A string option, or {@code fallback} when absent. */
    public static String string(Map<String, Object> c, String key, String fallback) {
        Object v = c.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw invalid(c, key, "must be a string", v);
        }
        return s;
    }

    /** An int-array option, or {@code null} when absent. */
    public static int[] ints(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            throw invalid(c, key, "must be a list of integers", v);
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object x = l.get(i);
            if (x == null) {
                throw invalid(c, key, "must be a list of integers, element " + i + " is null", v);
            }
            out[i] = toInt(c, key + "[" + i + "]", x);
        }
        return out;
    }

    /** An int-array option of exactly {@code length} elements, or {@code null} when absent. */
    public static int[] ints(Map<String, Object> c, String key, int length) {
        int[] v = ints(c, key);
        if (v != null && v.length != length) {
            throw invalid(c, key, "must have " + length + " elements", c.get(key));
        }
        return v;
    }

    /** An object option (a nested config), or {@code null} when absent. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw invalid(c, key, "must be an object", v);
        }
        return (Map<String, Object>) m;
    }

    /** A list option, or {@code null} when absent. */
    public static List<?> list(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            throw invalid(c, key, "must be a list", v);
        }
        return l;
    }

    /** An int array as a JSON-compatible list. */
    public static List<Integer> list(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    /** Where {@code key} of {@code c} is in its document ({@code config.layers[1].config.units}), for messages. */
    public static String path(Map<String, Object> c, String key) {
        return c instanceof ConfigMap m ? m.pathOf(key) : key;
    }

    /**
     * An error about {@code key} of {@code c}: {@code 'units' (at config.layers[1].config.units)
     * <problem>, got <value>}.
     */
    public static InvalidConfigException invalid(Map<String, Object> c, String key, String problem, Object value) {
        String where = path(c, key);
        return new InvalidConfigException("config '" + key + "'" + (where.equals(key) ? "" : " (at " + where + ")") + " "
                + problem + ", got " + show(value));
    }

    /**
     * An error for a name nobody knows: {@code unknown loss 'mean_squid_error' (at
     * training.extra.losses[0].name)}.
     */
    public static InvalidConfigException unknown(Map<String, Object> c, String key, String what, Object name) {
        String where = path(c, key);
        return new InvalidConfigException("unknown " + what + " '" + (name instanceof String s ? clip(s) : show(name)) + "'"
                + (where.equals(key) ? "" : " (at " + where + ")"));
    }

    private static String clip(String s) {
        return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s;
    }

    /** A value for a message: JSON-like, cut at 80 characters. */
    static String show(Object v) {
        String s = v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
        return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s;
    }

    private static Object required(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            String where = path(c, key);
            throw new InvalidConfigException("config is missing '" + key + "'" + (where.equals(key) ? "" : " (at " + where + ")"));
        }
        return v;
    }

    private static int toInt(Map<String, Object> c, String key, Object v) {
        long l;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            l = ((Number) v).longValue();
        } else if (v instanceof BigInteger b) {
            if (b.bitLength() > 63) {
                throw invalid(c, key, "is out of the int range", v);
            }
            l = b.longValue();
        } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw invalid(c, key, "must be an integer", v);
            }
            if (Math.abs(d) > Integer.MAX_VALUE) {
                throw invalid(c, key, "is out of the int range", v);
            }
            l = (long) d;
        } else {
            throw invalid(c, key, "must be an integer", v);
        }
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw invalid(c, key, "is out of the int range", v);
        }
        return (int) l;
    }

    private static double toDouble(Map<String, Object> c, String key, Object v) {
        if (!(v instanceof Number n)) {
            throw invalid(c, key, "must be a number", v);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw invalid(c, key, "must be a finite number", v);
        }
        return d;
    }
}
