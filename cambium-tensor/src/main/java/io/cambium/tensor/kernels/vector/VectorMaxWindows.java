package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.MaxWindows;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link MaxWindows} on Vector API lanes (lane-wise MAX is {@code Math.max}): the same bits as the scalar loop. */
public final class VectorMaxWindows implements MaxWindows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Override
    public void max2x2(float[] x, int x0, int x1, int x2, int x3, float[] out, int o, int c) {
        int j = 0;
        for (int end = F.loopBound(c); j < end; j += F.length()) {
            FloatVector.fromArray(F, x, x0 + j)
                    .lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, x1 + j))
                    .lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, x2 + j))
                    .lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, x3 + j))
                    .intoArray(out, o + j);
        }
        MaxWindows.Scalar.channels(x, x0, x1, x2, x3, out, o, j, c);
    }
}
