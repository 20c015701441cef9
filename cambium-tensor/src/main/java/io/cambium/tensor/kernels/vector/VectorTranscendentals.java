package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.FloatMath;
import io.cambium.tensor.kernels.TranscendentalKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TranscendentalKernels} on the Vector API: the operations of {@link FloatMath} lane by
 * lane, in the same order and without fused multiply-adds, so results are bitwise those of the
 * scalar code. Tails use the scalar code.
 */
public final class VectorTranscendentals implements TranscendentalKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void expShifted(float[] x, int xo, float shift, float[] out, int o, int n) {
        int j = 0;
        for (; j <= n - L; j += L) {
            exp(FloatVector.fromArray(S, x, xo + j).sub(shift)).intoArray(out, o + j);
        }
        for (; j < n; j++) {
            out[o + j] = FloatMath.exp(x[xo + j] - shift);
        }
    }

    @Override
    public void sigmoid(float[] x, int xo, float[] out, int o, int n) {
        int j = 0;
        for (; j <= n - L; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + j);
            FloatVector e = exp(v.abs().neg());
            FloatVector r = FloatVector.broadcast(S, 1f).div(e.add(1f));
            FloatVector neg = e.mul(r);
            r.blend(neg, v.compare(VectorOperators.GE, 0f).not()).intoArray(out, o + j);
        }
        for (; j < n; j++) {
            out[o + j] = FloatMath.sigmoid(x[xo + j]);
        }
    }

    @Override
    public void tanh(float[] x, int xo, float[] out, int o, int n) {
        int j = 0;
        for (; j <= n - L; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + j);
            FloatVector e = expm1(v.abs().min(20f).mul(2f));
            FloatVector t = e.div(e.add(2f));
            IntVector mag = t.reinterpretAsInts().and(0x7fffffff);
            IntVector sign = v.reinterpretAsInts().and(0x80000000);
            mag.or(sign).reinterpretAsFloats().intoArray(out, o + j);
        }
        for (; j < n; j++) {
            out[o + j] = FloatMath.tanh(x[xo + j]);
        }
    }

    // ---- lane-wise copies of FloatMath's functions

    private static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(-104f).min(89f);
        FloatVector t = v.mul(1.44269504088896341f).add(12582912f);
        IntVector n = t.reinterpretAsInts().sub(0x4b400000);
        FloatVector nf = t.sub(12582912f);
        FloatVector r = v.sub(nf.mul(0.693359375f)).sub(nf.mul(-2.12194440054690583e-4f));
        FloatVector p = poly(r);
        IntVector h = n.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector res = p.add(1f).mul(s1).mul(s2);
        // Math.max/min propagate NaN, and so does the scalar code; make the lanes agree.
        VectorMask<Float> nan = x.test(VectorOperators.IS_NAN);
        return res.blend(x, nan);
    }

    private static FloatVector poly(FloatVector r) {
        FloatVector q = r.mul(1.9899613107554615e-4f).add(1.3933911686763167e-3f);
        q = q.mul(r).add(8.3332983776927e-3f);
        q = q.mul(r).add(4.1666463017463684e-2f);
        q = q.mul(r).add(1.666666716337204e-1f);
        q = q.mul(r).add(0.5f);
        return r.add(r.mul(r).mul(q));
    }

    private static FloatVector expm1(FloatVector x) {
        FloatVector small = poly(x);
        FloatVector large = exp(x).sub(1f);
        return large.blend(small, x.abs().compare(VectorOperators.LT, 0.34f));
    }
}
