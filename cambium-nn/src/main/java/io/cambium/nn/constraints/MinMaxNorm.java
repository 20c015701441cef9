package io.cambium.nn.constraints;

/**
 * Keras's MinMaxNorm: slice norms move towards {@code [minValue, maxValue]}:
 * {@code target = rate * clip(norm, min, max) + (1 - rate) * norm}.
 */
public final class MinMaxNorm extends NormConstraint {
    private final double minValue;
    private final double maxValue;
    private final double rate;

    /** Keras's defaults: min 0, max 1, rate 1, axis 0. */
    public MinMaxNorm() {
        this(0, 1, 1, 0);
    }

    /** A min-max-norm constraint over the given axes. */
    public MinMaxNorm(double minValue, double maxValue, double rate, int... axes) {
        super(axes.length == 0 ? new int[] {0} : axes);
        if (!(minValue >= 0 && maxValue >= minValue)) {
            throw new IllegalArgumentException("MinMaxNorm: need 0 <= min_value <= max_value, got " + minValue
                    + ", " + maxValue);
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("MinMaxNorm: rate must be in [0, 1], got " + rate);
        }
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.rate = rate;
    }

    @Override
    double target(double norm) {
        return rate * Math.max(minValue, Math.min(maxValue, norm)) + (1 - rate) * norm;
    }
}
