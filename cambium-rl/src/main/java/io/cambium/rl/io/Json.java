package io.cambium.rl.io;

import io.cambium.nn.io.InvalidFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Typed reads from the JSON parts of an agent file, failing with a message naming the file and key. */
public final class Json {
    private final Path file;
    private final String part;
    private final Map<String, Object> map;

    /** Reads {@code map}, the part {@code part} of {@code file}. */
    public Json(Path file, String part, Map<String, Object> map) {
        this.file = file;
        this.part = part;
        this.map = map;
    }

    private Object get(String key) throws InvalidFileException {
        if (!map.containsKey(key)) {
            throw new InvalidFileException(file, "agent " + part + " has no '" + key + "'");
        }
        return map.get(key);
    }

    private InvalidFileException bad(String key, String what, Object v) {
        return new InvalidFileException(file, "agent " + part + " '" + key + "' must be " + what + ", got " + v);
    }

    /** A number. */
    public double number(String key) throws InvalidFileException {
        if (!(get(key) instanceof Number n)) {
            throw bad(key, "a number", map.get(key));
        }
        return n.doubleValue();
    }

    /** An integer within {@code [min, max]}. */
    public long integer(String key, long min, long max) throws InvalidFileException {
        Object v = get(key);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
            throw bad(key, "an integer in [" + min + ", " + max + "]", v);
        }
        return ((Number) v).longValue();
    }

    /** A boolean. */
    public boolean bool(String key) throws InvalidFileException {
        if (!(get(key) instanceof Boolean b)) {
            throw bad(key, "true or false", map.get(key));
        }
        return b;
    }

    /** An array of integers, each within {@code [min, max]}. */
    public int[] ints(String key, int min, int max) throws InvalidFileException {
        if (!(get(key) instanceof List<?> l)) {
            throw bad(key, "an array of integers", map.get(key));
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Integer x) || x < min || x > max) {
                throw bad(key, "an array of integers in [" + min + ", " + max + "]", l);
            }
            out[i] = (Integer) l.get(i);
        }
        return out;
    }

    /** An array of 64-bit integers of the given length (random generator states). */
    public long[] longs(String key, int length) throws InvalidFileException {
        if (!(get(key) instanceof List<?> l) || l.size() != length) {
            throw bad(key, "an array of " + length + " integers", map.get(key));
        }
        long[] out = new long[length];
        for (int i = 0; i < length; i++) {
            if (!(l.get(i) instanceof Integer || l.get(i) instanceof Long)) {
                throw bad(key, "an array of " + length + " integers", l);
            }
            out[i] = ((Number) l.get(i)).longValue();
        }
        return out;
    }

    /** An array of numbers of the given length. */
    public double[] doubles(String key, int length) throws InvalidFileException {
        if (!(get(key) instanceof List<?> l) || l.size() != length) {
            throw bad(key, "an array of " + length + " numbers", map.get(key));
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw bad(key, "an array of " + length + " numbers", l);
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    /** A string. */
    public String string(String key) throws InvalidFileException {
        if (!(get(key) instanceof String s)) {
            throw bad(key, "a string", map.get(key));
        }
        return s;
    }

    /** A nested object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String key) throws InvalidFileException {
        if (!(get(key) instanceof Map<?, ?> m)) {
            throw bad(key, "an object", map.get(key));
        }
        return (Map<String, Object>) m;
    }

    /** The raw value (may be null). */
    public Object raw(String key) throws InvalidFileException {
        return get(key);
    }

    /** Whether the key is present. */
    public boolean has(String key) {
        return map.containsKey(key);
    }
}
