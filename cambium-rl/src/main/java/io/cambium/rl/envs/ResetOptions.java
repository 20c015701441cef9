package io.cambium.rl.envs;

import java.util.Map;

/** Reads the numeric options of a reset ({@code low}/{@code high} bounds), as Gymnasium's {@code utils}. */
final class ResetOptions {
    private ResetOptions() {
    }

    /** A number option, or {@code fallback} when absent. */
    static double number(String env, Map<String, Object> options, String key, double fallback) {
        Object v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException(env + ": reset option '" + key + "' must be a finite number, got " + v);
        }
        return n.doubleValue();
    }

    /** The {@code low}/{@code high} bounds of the initial state ({@code maybe_parse_reset_bounds}). */
    static double[] bounds(String env, Map<String, Object> options, double low, double high) {
        double lo = number(env, options, "low", low);
        double hi = number(env, options, "high", high);
        if (lo > hi) {
            throw new IllegalArgumentException(env + ": reset option low = " + lo + " is greater than high = " + hi);
        }
        return new double[] {lo, hi};
    }
}
