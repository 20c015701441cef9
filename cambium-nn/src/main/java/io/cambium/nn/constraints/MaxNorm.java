package io.cambium.nn.constraints;

/**
 * Keras's MaxNorm: slices whose L2 norm over {@code axes} exceeds {@code maxValue} are scaled down
 * to it. For a Dense kernel {@code [in, out]} the default axis 0 bounds each unit's incoming
 * weights; for a Conv2D kernel use axes {@code 0, 1, 2}.
 */
public final class MaxNorm extends NormConstraint {
    private final double maxValue;

    /** Keras's defaults: max value 2, axis 0. */
    public MaxNorm() {
        this(2, 0);
    }

    /** A max-norm constraint over the given axes. */
    public MaxNorm(double maxValue, int... axes) {
        super(axes.length == 0 ? new int[] {0} : axes);
        if (!(maxValue >= 0)) {
            throw new IllegalArgumentException("MaxNorm: max_value must be >= 0, got " + maxValue);
        }
        this.maxValue = maxValue;
    }

    @Override
    double target(double norm) {
        return Math.min(norm, maxValue);
    }
}
