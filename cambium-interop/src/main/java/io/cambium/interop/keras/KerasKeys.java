package io.cambium.interop.keras;

import io.cambium.nn.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One object of a Keras document being translated: every key must be handled explicitly (copied,
 * converted, or accepted and ignored because Keras's meaning allows it); {@link #finish()}
 * rejects whatever is left with its path, so that no Keras option is silently dropped.
 */
final class KerasKeys {
    private final Map<String, Object> raw;
    private final String path;
    private final String owner;
    private final Set<String> used = new LinkedHashSet<>();

    KerasKeys(Map<String, Object> raw, String path, String owner) {
        this.raw = raw;
        this.path = path;
        this.owner = owner;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return raw.containsKey(key);
    }

    /** The value (marking the key handled), or {@code null}. */
    Object take(String key) {
        used.add(key);
        return raw.get(key);
    }

    /** Copies a key under the same name when present and not null. */
    void copy(String key, Map<String, Object> out) {
        copy(key, key, out);
    }

    /** Copies a key under another name when present and not null. */
    void copy(String key, String to, Map<String, Object> out) {
        Object v = take(key);
        if (v != null) {
            out.put(to, v);
        }
    }

    /** Accepts a key whose value Keras gives no meaning Cambium would compute differently; rejects other values. */
    void ignore(String key, Predicate<Object> acceptable, String why) {
        if (!raw.containsKey(key)) {
            return;
        }
        Object v = take(key);
        if (!acceptable.test(v)) {
            throw error(key, v, why);
        }
    }

    /** Accepts any value of a key (it does not change what the model computes: seeds, execution hints). */
    void ignoreAny(String... keys) {
        for (String k : keys) {
            take(k);
        }
    }

    /** Accepts the key only when absent, null or equal to {@code expected}. */
    void ignoreIf(String key, Object expected, String why) {
        ignore(key, v -> v == null || Objects.equals(normalize(v), normalize(expected)), why);
    }

    private static Object normalize(Object v) {
        return v instanceof Number n ? n.doubleValue() : v;
    }

    InvalidConfigException error(String key, Object value, String why) {
        return new InvalidConfigException("Keras " + owner + ": '" + key + "' = " + show(value) + " (at " + pathOf(key)
                + ") " + why);
    }

    InvalidConfigException error(String why) {
        return new InvalidConfigException("Keras " + owner + (path.isEmpty() ? "" : " (at " + path + ")") + ": " + why);
    }

    /** Rejects every key that was not handled. */
    void finish() {
        List<String> left = new ArrayList<>();
        for (String k : raw.keySet()) {
            if (!used.contains(k)) {
                left.add(pathOf(k));
            }
        }
        if (!left.isEmpty()) {
            throw new InvalidConfigException("Keras " + owner + ": unsupported key" + (left.size() > 1 ? "s " : " ")
                    + String.join(", ", left) + " (no Cambium equivalent, or not an option of that class)");
        }
    }

    static String show(Object v) {
        String s = v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
