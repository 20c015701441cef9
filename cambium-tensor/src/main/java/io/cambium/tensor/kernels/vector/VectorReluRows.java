package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.ReluRows;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link ReluRows} on Vector API lanes of the columns: the same bits as the scalar loop. */
public final class VectorReluRows implements ReluRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Override
    public void backward(float[] out, float[] dy, float[] dz, float[] acc, int cout, int r0, int r1, boolean relu) {
        int vec = F.loopBound(cout);
        FloatVector zero = FloatVector.zero(F);
        for (int o = r0 * cout; o < r1 * cout; o += cout) {
            for (int c = 0; c < vec; c += F.length()) {
                FloatVector v = FloatVector.fromArray(F, dy, o + c);
                if (relu) {
                    VectorMask<Float> positive = FloatVector.fromArray(F, out, o + c).compare(VectorOperators.GT, 0f);
                    v = zero.blend(v, positive);
                    v.intoArray(dz, o + c);
                }
                if (acc != null) {
                    FloatVector.fromArray(F, acc, c).add(v).intoArray(acc, c);
                }
            }
        }
        if (vec < cout) {
            ReluRows.Scalar.columns(out, dy, dz, acc, cout, r0, r1, relu, vec, cout);
        }
    }
}
