package io.cambium.nn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a training run stands: completed epochs, optimizer steps, the state of the random
 * generator ({@code Rng.state()}, or {@code null}) and any JSON-compatible extras a trainer or
 * its callbacks keep (such as the best monitored value).
 */
public record TrainingState(long epoch, long step, long[] rngState, Map<String, Object> extra) {
    /** Validates the counters. */
    public TrainingState {
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("TrainingState: epoch and step must be >= 0, got " + epoch + ", " + step);
        }
        rngState = rngState == null ? null : rngState.clone();
        // Not Map.copyOf: JSON extras may hold null values, which it rejects with a bare NullPointerException.
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The random generator's state (a copy), or {@code null}. */
    @Override
    public long[] rngState() {
        return rngState == null ? null : rngState.clone();
    }
}
