package io.cambium.rl.train;

import java.util.Locale;
import java.util.Map;

/**
 * A hyperparameter that changes over training as a function of the remaining progress, from 1 at
 * the start to 0 at the end (Stable-Baselines3's schedules).
 */
@FunctionalInterface
public interface Schedule {
    /** The value when {@code progressRemaining} (1 to 0) of the training is left. */
    double value(double progressRemaining);

    /** A constant. */
    static Schedule constant(double v) {
        return new Constant(v);
    }

    /** Linear from {@code start} at the beginning to 0 at the end (rl-zoo's {@code lin_<start>}). */
    static Schedule linear(double start) {
        return new Linear(start, 0, 1.0);
    }

    /**
     * Linear from {@code start} to {@code end} over the first {@code endFraction} of training,
     * then constant (SB3's {@code get_linear_fn}, used for the exploration rate).
     */
    static Schedule linear(double start, double end, double endFraction) {
        return new Linear(start, end, endFraction);
    }

    /** A saved schedule from {@link #toConfig(Schedule)}. */
    static Schedule fromConfig(Object config) {
        if (config instanceof Number n) {
            return constant(n.doubleValue());
        }
        if (config instanceof Map<?, ?> m && m.get("start") instanceof Number s && m.get("end") instanceof Number e
                && m.get("end_fraction") instanceof Number f) {
            return linear(s.doubleValue(), e.doubleValue(), f.doubleValue());
        }
        throw new IllegalArgumentException("invalid schedule config " + config);
    }

    /** A JSON-compatible description: a number, or a map for a linear schedule. */
    static Object toConfig(Schedule s) {
        if (s instanceof Constant c) {
            return c.value;
        }
        if (s instanceof Linear l) {
            return Map.of("start", l.start, "end", l.end, "end_fraction", l.endFraction);
        }
        throw new IllegalArgumentException("schedule " + s + " cannot be saved (use Schedule.constant or Schedule.linear)");
    }

    /** A constant schedule. */
    record Constant(double value) implements Schedule {
        @Override
        public double value(double progressRemaining) {
            return value;
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** A linear schedule (see {@link Schedule#linear(double, double, double)}). */
    record Linear(double start, double end, double endFraction) implements Schedule {
        /** Checks the fraction. */
        public Linear {
            if (!(endFraction > 0 && endFraction <= 1)) {
                throw new IllegalArgumentException("linear schedule: end_fraction must be in (0, 1], got " + endFraction);
            }
        }

        @Override
        public double value(double progressRemaining) {
            double progress = 1 - progressRemaining;
            return progress > endFraction ? end : start + progress * (end - start) / endFraction;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "linear(%s -> %s over %s)", start, end, endFraction);
        }
    }
}
