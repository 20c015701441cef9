package io.cambium.zoo.weights;

import java.nio.file.Path;

/**
 * Where pretrained weights are kept on this machine: {@code $CAMBIUM_HOME/weights} when the
 * environment variable (or the system property {@code cambium.home}) is set, else
 * {@code ~/.cache/cambium/weights}. Shipped weights are copied there on first use; weights built by
 * their training command are written there.
 */
public final class WeightCache {
    private WeightCache() {
    }

    /** The cache directory (not created by this call). */
    public static Path dir() {
        String home = System.getProperty("cambium.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("CAMBIUM_HOME");
        }
        if (home != null && !home.isBlank()) {
            return Path.of(home, "weights");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "cambium", "weights");
    }

    /** The cache file of a registry entry. */
    public static Path file(String name) {
        return dir().resolve(name + ".safetensors");
    }
}
