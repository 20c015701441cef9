package io.cambium.nn;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only view of a parsed JSON object from a saved configuration that remembers which keys
 * the reader asked for and where in the document it sits. After a model (or optimizer, or loss)
 * has been re-created from it, {@link #unread()} lists every key nobody read: a misspelled or
 * unsupported option, which Keras rejects and which would otherwise be dropped without a word.
 * Nested objects and lists are wrapped on access, so factories need no changes: any
 * {@code get}, {@code containsKey} or {@code getOrDefault} counts as a read.
 */
final class ConfigMap extends AbstractMap<String, Object> {
    private final Map<String, Object> raw;
    private final String path;
    private final Set<String> read = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, Object> children = new HashMap<>();
    private volatile String owner;

    private ConfigMap(Map<String, Object> raw, String path) {
        this.raw = raw;
        this.path = path;
    }

    /** A tracking view of a whole document; {@code path} names its root in messages (may be empty). */
    static ConfigMap root(Map<String, Object> raw, String path) {
        return raw instanceof ConfigMap c ? c : new ConfigMap(raw, path);
    }

    /** The path of this object in the document, such as {@code config.layers[2].config}. */
    String path() {
        return path;
    }

    /** The path of one of its keys. */
    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Records the class re-created from this object, for messages. */
    void owner(String className) {
        this.owner = className;
    }

    @Override
    public Object get(Object key) {
        if (!raw.containsKey(key)) {
            return null;
        }
        read.add((String) key);
        return child((String) key);
    }

    @Override
    public Object getOrDefault(Object key, Object fallback) {
        return raw.containsKey(key) ? get(key) : fallback;
    }

    @Override
    public boolean containsKey(Object key) {
        if (raw.containsKey(key)) {
            read.add((String) key);
            return true;
        }
        return false;
    }

    @Override
    public int size() {
        return raw.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        // Iteration (toString, copies) does not count as reading.
        Set<Entry<String, Object>> out = new LinkedHashSet<>();
        for (String k : raw.keySet()) {
            out.add(new SimpleImmutableEntry<>(k, child(k)));
        }
        return Collections.unmodifiableSet(out);
    }

    private synchronized Object child(String key) {
        Object v = raw.get(key);
        if (!(v instanceof Map<?, ?>) && !(v instanceof List<?>)) {
            return v;
        }
        return children.computeIfAbsent(key, k -> wrap(v, pathOf(k)));
    }

    @SuppressWarnings("unchecked")
    private static Object wrap(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            return new ConfigMap((Map<String, Object>) m, path);
        }
        if (v instanceof List<?> l) {
            return new ConfigList(l, path);
        }
        return v;
    }

    /** The paths of the keys that were never read, in document order (nested ones included). */
    List<String> unread() {
        List<String> out = new ArrayList<>();
        collectUnread(out);
        return out;
    }

    private synchronized void collectUnread(List<String> out) {
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String k = e.getKey();
            if (!read.contains(k)) {
                out.add(describe(pathOf(k)));
                continue;
            }
            Object c = children.get(k);
            if (c == null) {
                c = wrap(e.getValue(), pathOf(k));
            }
            collect(c, out);
        }
    }

    private String describe(String keyPath) {
        return owner == null ? keyPath : keyPath + " (" + owner + ")";
    }

    private static void collect(Object o, List<String> out) {
        if (o instanceof ConfigMap m) {
            m.collectUnread(out);
        } else if (o instanceof ConfigList l) {
            l.collectUnread(out);
        }
    }

    /** A read-only list whose object and list elements are tracked too. */
    static final class ConfigList extends AbstractList<Object> {
        private final List<?> raw;
        private final String path;
        private final Object[] children;

        ConfigList(List<?> raw, String path) {
            this.raw = raw;
            this.path = path;
            this.children = new Object[raw.size()];
        }

        /** The path of the list in the document. */
        String path() {
            return path;
        }

        @Override
        public synchronized Object get(int index) {
            Object v = raw.get(index);
            if (!(v instanceof Map<?, ?>) && !(v instanceof List<?>)) {
                return v;
            }
            if (children[index] == null) {
                children[index] = wrap(v, path + "[" + index + "]");
            }
            return children[index];
        }

        @Override
        public int size() {
            return raw.size();
        }

        private synchronized void collectUnread(List<String> out) {
            for (int i = 0; i < children.length; i++) {
                Object c = children[i];
                if (c == null) {
                    c = wrap(raw.get(i), path + "[" + i + "]");
                }
                collect(c, out);
            }
        }
    }
}
