package io.cambium.nn;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Re-creates layers from saved configurations by class name. Built-in layers are found by
 * convention: a class named like the saved {@code class_name} in one of the Cambium layer packages
 * with a {@code public static fromConfig(Map<String, Object>)} method. Custom layers are registered
 * with {@link #register}, as Keras's custom_objects.
 */
public final class LayerRegistry {
    private static final Map<String, Function<Map<String, Object>, Layer>> FACTORIES = new HashMap<>();
    private static final List<String> PACKAGES = List.of(
            "io.cambium.nn.layers.core", "io.cambium.nn.layers.merge", "io.cambium.nn.layers.conv",
            "io.cambium.nn.layers.pooling", "io.cambium.nn.layers.normalization", "io.cambium.nn.layers.recurrent",
            "io.cambium.nn.layers.attention", "io.cambium.nn.layers.embedding", "io.cambium.nn.layers.preprocessing",
            "io.cambium.nn.layers.regularization", "io.cambium.nn.layers.reshaping", "io.cambium.nn.layers",
            "io.cambium.nn");

    private LayerRegistry() {
    }

    /** Registers a factory for a (custom) layer class name. */
    public static synchronized void register(String className, Function<Map<String, Object>, Layer> factory) {
        FACTORIES.put(className, factory);
    }

    /** Whether a factory for this class name is registered or can be found. */
    public static synchronized boolean knows(String className) {
        return FACTORIES.containsKey(className) || find(className) != null;
    }

    /**
     * A new layer of this class from its config.
     *
     * @throws IllegalArgumentException when the class is unknown (register custom layers first)
     */
    public static Layer create(String className, Map<String, Object> config) {
        ModelConfig.init();
        Function<Map<String, Object>, Layer> f;
        synchronized (LayerRegistry.class) {
            f = FACTORIES.get(className);
            if (f == null) {
                f = find(className);
                if (f != null) {
                    FACTORIES.put(className, f);
                }
            }
        }
        String where = config instanceof ConfigMap m && !m.path().isEmpty() ? m.path() + ": " : "";
        if (f == null) {
            String shown = io.cambium.nn.io.Printable.clean(className, 100);
            throw new InvalidConfigException(where + "unknown layer class '" + shown
                    + "': register it with LayerRegistry.register(\"" + shown + "\", config -> ...)");
        }
        if (config instanceof ConfigMap m) {
            m.owner(className);
        }
        try {
            return f.apply(config);
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            // A factory's own checks (units must be positive, ...) or a value of an unexpected type:
            // say where in the document. The root model's errors come from its layers, which name
            // themselves.
            String msg = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            boolean root = !(config instanceof ConfigMap m) || m.path().equals("config") || m.path().isEmpty();
            throw new InvalidConfigException(root ? msg : where + (msg != null && msg.startsWith(className) ? ""
                    : className + ": ") + msg, e);
        }
    }

    private static Function<Map<String, Object>, Layer> find(String className) {
        if (!className.matches("[A-Za-z_][A-Za-z0-9_]{0,100}")) {
            return null; // not a simple class name: nothing from a file may name another package
        }
        for (String p : PACKAGES) {
            Class<?> c;
            try {
                // Not initialized unless it is a layer: a file must not run other classes' static code.
                c = Class.forName(p + "." + className, false, LayerRegistry.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (!Layer.class.isAssignableFrom(c)) {
                continue;
            }
            try {
                Method m = c.getMethod("fromConfig", Map.class);
                if (Modifier.isStatic(m.getModifiers())) {
                    return cfg -> {
                        try {
                            return (Layer) m.invoke(null, cfg);
                        } catch (ReflectiveOperationException e) {
                            Throwable cause = e.getCause() == null ? e : e.getCause();
                            if (cause instanceof RuntimeException re) {
                                throw re;
                            }
                            throw new IllegalArgumentException("cannot create " + className + " from its config", cause);
                        }
                    };
                }
            } catch (NoSuchMethodException e) {
                // not re-creatable by convention; fall through
            }
        }
        return null;
    }
}
