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

    @Override
    public void route2x2(float[] x, int x0, int x1, int x2, int x3, float[] y, float[] dy, int yo, float[] dx,
                         int c) {
        int j = 0;
        FloatVector plusZero = FloatVector.zero(F);
        for (int end = F.loopBound(c); j < end; j += F.length()) {
            IntVector bm = FloatVector.fromArray(F, y, yo + j).reinterpretAsInts();
            IntVector zero = IntVector.zero(bm.species());
            IntVector held = FloatVector.fromArray(F, dy, yo + j).reinterpretAsInts();
            // Straight-line over the four cells: held gradient lanes move to the first matching cell.
            IntVector bv = FloatVector.fromArray(F, x, x0 + j).reinterpretAsInts();
            VectorMask<Integer> match = bv.eq(bm).or(bv.or(bm).lanewise(VectorOperators.LSHL, 1).eq(0));
            plusZero.add(zero.blend(held, match).reinterpretAsFloats()).intoArray(dx, x0 + j);
            held = held.blend(zero, match);
            bv = FloatVector.fromArray(F, x, x1 + j).reinterpretAsInts();
            match = bv.eq(bm).or(bv.or(bm).lanewise(VectorOperators.LSHL, 1).eq(0));
            plusZero.add(zero.blend(held, match).reinterpretAsFloats()).intoArray(dx, x1 + j);
            held = held.blend(zero, match);
            bv = FloatVector.fromArray(F, x, x2 + j).reinterpretAsInts();
            match = bv.eq(bm).or(bv.or(bm).lanewise(VectorOperators.LSHL, 1).eq(0));
            plusZero.add(zero.blend(held, match).reinterpretAsFloats()).intoArray(dx, x2 + j);
            held = held.blend(zero, match);
            bv = FloatVector.fromArray(F, x, x3 + j).reinterpretAsInts();
            match = bv.eq(bm).or(bv.or(bm).lanewise(VectorOperators.LSHL, 1).eq(0));
            plusZero.add(zero.blend(held, match).reinterpretAsFloats()).intoArray(dx, x3 + j);
        }
        MaxRouting.Scalar.route2x2Channels(x, x0, x1, x2, x3, y, dy, yo, dx, j, c);
    }
}
