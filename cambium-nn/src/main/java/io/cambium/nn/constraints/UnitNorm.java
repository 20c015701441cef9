package io.cambium.nn.constraints;

/** Keras's UnitNorm: every slice along {@code axes} gets L2 norm 1. */
public final class UnitNorm extends NormConstraint {
    /** Keras's default axis 0. */
    public UnitNorm() {
        this(0);
    }

    /** A unit-norm constraint over the given axes. */
    public UnitNorm(int... axes) {
        super(axes.length == 0 ? new int[] {0} : axes);
    }

    @Override
    double target(double norm) {
        return 1.0;
    }
}
