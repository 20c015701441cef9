package io.cambium.nn.initializers;

import java.util.Map;

/** An initializer that can be saved by name and config and re-created by {@link Initializers#fromConfig}. */
public interface SerializableInitializer extends Initializer {
    /** The Keras class name, such as {@code GlorotUniform}. */
    String className();

    /** The hyperparameters, JSON-compatible. */
    Map<String, Object> config();
}
