package io.cambium.nn;

import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.initializers.SerializableInitializer;
import io.cambium.nn.regularizers.L1L2;
import io.cambium.nn.regularizers.Regularizer;
import io.cambium.nn.regularizers.Regularizers;
import java.util.Map;

/**
 * Writes and reads the initializers and regularizers held by layer configs, in Keras's
 * {@code {"class_name": ..., "config": {...}}} form.
 */
public final class ObjectConfigs {
    private ObjectConfigs() {
    }

    /**
     * The config of an initializer, or {@code null} for a custom one (a loaded model gets its
     * weights from the file, so only re-initialization would differ).
     */
    public static Map<String, Object> initializer(Initializer init) {
        return init instanceof SerializableInitializer s ? Initializers.toConfig(s) : null;
    }

    /**
     * The initializer of a config written by {@link #initializer(Initializer)} (or a Keras name such
     * as {@code "he_normal"}), or {@code fallback} when the config is absent.
     *
     * @throws InvalidConfigException for anything else
     */
    @SuppressWarnings("unchecked")
    public static Initializer initializer(Object config, Initializer fallback) {
        if (config == null) {
            return fallback;
        }
        if (config instanceof Map<?, ?> m) {
            return Initializers.fromConfig((Map<String, Object>) m);
        }
        if (config instanceof String name) {
            return Initializers.get(name);
        }
        throw new InvalidConfigException("an initializer config must be {\"class_name\": ..., \"config\": {...}} or a name,"
                + " got " + Configs.show(config));
    }

    /**
     * The config of a regularizer ({@code null} for none).
     *
     * @throws IllegalStateException naming the layer for a custom regularizer, which cannot be saved
     */
    public static Map<String, Object> regularizer(Regularizer r, Layer owner) {
        if (r == null) {
            return null;
        }
        if (r instanceof L1L2 l) {
            return Regularizers.toConfig(l);
        }
        throw new IllegalStateException(owner.describe() + ": its custom regularizer cannot be saved in a config;"
                + " use Regularizers.l1/l2/l1l2 or save the weights only");
    }

    /**
     * The regularizer of a config written by {@link #regularizer}, or {@code null} when absent.
     *
     * @throws InvalidConfigException for anything but an object
     */
    @SuppressWarnings("unchecked")
    public static Regularizer regularizer(Object config) {
        if (config == null) {
            return null;
        }
        if (config instanceof Map<?, ?> m) {
            return Regularizers.fromConfig((Map<String, Object>) m);
        }
        throw new InvalidConfigException("a regularizer config must be {\"class_name\": ..., \"config\": {...}}, got "
                + Configs.show(config));
    }
}
