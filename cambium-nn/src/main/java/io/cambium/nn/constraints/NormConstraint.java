package io.cambium.nn.constraints;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * Rescales the slices of a weight so that their L2 norms, taken over {@code axes}, move to a
 * target that depends on the current norm (the common part of MaxNorm, UnitNorm and MinMaxNorm).
 * As in Keras, {@code w *= target(norm) / (1e-7 + norm)}.
 */
abstract class NormConstraint implements Constraint {
    private static final double EPSILON = 1e-7;
    private final int[] axes;

    NormConstraint(int[] axes) {
        if (axes.length == 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": needs at least one axis");
        }
        this.axes = axes.clone();
    }

    /** The axes over which norms are taken. */
    public int[] axes() {
        return axes.clone();
    }

    /** The wanted norm of a slice whose current norm is {@code norm}. */
    abstract double target(double norm);

    @Override
    public void apply(Tensor weight) {
        int[] shape = weight.shape();
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[Shape.axis(getClass().getSimpleName(), a, shape.length)] = true;
        }
        // Each element belongs to the slice indexed by its coordinates on the kept axes.
        int groups = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!reduced[i]) {
                groups *= shape[i];
            }
        }
        float[] d = weight.data();
        int[] group = new int[d.length];
        int[] coord = new int[shape.length];
        for (int idx = 0; idx < d.length; idx++) {
            int gi = 0;
            for (int i = 0; i < shape.length; i++) {
                if (!reduced[i]) {
                    gi = gi * shape[i] + coord[i];
                }
            }
            group[idx] = gi;
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++coord[i] < shape[i]) {
                    break;
                }
                coord[i] = 0;
            }
        }
        double[] sq = new double[groups];
        for (int i = 0; i < d.length; i++) {
            sq[group[i]] += (double) d[i] * d[i];
        }
        float[] factor = new float[groups];
        for (int g = 0; g < groups; g++) {
            double norm = Math.sqrt(sq[g]);
            factor[g] = (float) (target(norm) / (EPSILON + norm));
        }
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor[group[i]];
        }
    }
}
