package io.cambium.rl.env;

import java.util.Map;

/**
 * What {@link Env#step} returns, as Gymnasium's 5-tuple: the next observation, the reward, whether
 * the episode reached a terminal state of the task ({@code terminated}: no value to bootstrap
 * beyond it), whether it was cut short by a condition outside the task such as a time limit
 * ({@code truncated}: the state still has a value), and auxiliary information.
 *
 * @param <O> the observation type
 */
public record Step<O>(O observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {
    /** Copies the info map (keeping its order; null values are allowed, as in a Python dict). */
    public Step {
        info = info == null || info.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info));
    }

    /** Whether the episode ended (terminated or truncated). */
    public boolean done() {
        return terminated || truncated;
    }
}
