package io.cambium.rl.env;

import java.util.Map;

/**
 * What {@link Env#reset} returns: the first observation of an episode and auxiliary information.
 *
 * @param <O> the observation type
 */
public record Reset<O>(O observation, Map<String, Object> info) {
    /** Copies the info map (keeping its order; null values are allowed, as in a Python dict). */
    public Reset {
        info = info == null || info.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info));
    }
}
