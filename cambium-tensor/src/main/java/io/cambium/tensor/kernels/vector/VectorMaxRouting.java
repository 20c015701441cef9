package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.MaxRouting;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link MaxRouting} on Vector API lanes of raw float bits: the same bits as the scalar loop. */
public final class VectorMaxRouting implements MaxRouting {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Override
    public void route(float[] x, int xo, float[] y, int yo, float[] rest, float[] dx, int c) {
        int j = 0;
        for (int end = F.loopBound(c); j < end; j += F.length()) {
            IntVector bv = FloatVector.fromArray(F, x, xo + j).reinterpretAsInts();
            IntVector bm = FloatVector.fromArray(F, y, yo + j).reinterpretAsInts();
            // Equal bits, or both zero whatever their signs.
            VectorMask<Integer> match = bv.eq(bm).or(bv.or(bm).lanewise(VectorOperators.LSHL, 1).eq(0));
            IntVector held = FloatVector.fromArray(F, rest, j).reinterpretAsInts();
            IntVector zero = IntVector.zero(held.species());
            FloatVector taken = zero.blend(held, match).reinterpretAsFloats();
            FloatVector.fromArray(F, dx, xo + j).add(taken).intoArray(dx, xo + j);
            held.blend(zero, match).reinterpretAsFloats().intoArray(rest, j);
        }
        MaxRouting.Scalar.routeChannels(x, xo, y, yo, rest, dx, j, c);
    }
}
