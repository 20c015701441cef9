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
    /** Elements per block of the two-loop kernels. */
    private static final int BLOCK = 512;
    /** The constants of {@link FloatMath#gelu} and {@link FloatMath#geluDerivative}. */
    private static final float SQRT_HALF = 0.70710678118654752440f;
    private static final float INV_SQRT_2PI = 0.39894228040143267794f;

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

    @Override
    public void erf(float[] x, int xo, float[] out, int o, int n) {
        int j = 0;
        for (; j <= n - L; j += L) {
            erf(FloatVector.fromArray(S, x, xo + j)).intoArray(out, o + j);
        }
        for (; j < n; j++) {
            out[o + j] = FloatMath.erf(x[xo + j]);
        }
    }

    @Override
    public void gelu(float[] x, int xo, float[] out, int o, int n) {
        int j = 0;
        for (; j <= n - L; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + j);
            v.mul(0.5f).mul(erf(v.mul(SQRT_HALF)).add(1f)).intoArray(out, o + j);
        }
        for (; j < n; j++) {
            out[o + j] = FloatMath.gelu(x[xo + j]);
        }
    }

    @Override
    public void geluBackward(float[] x, int xo, float[] g, float[] out, int o, int n) {
        // Two loops over blocks, each in its own method: with erf and exp in one loop body C2
        // stops inlining (NodeCountInliningCutoff) and the vectors are boxed, twice as slow.
        float[] cdf = new float[Math.min(n, BLOCK)];
        int vec = n - n % L;
        for (int b0 = 0; b0 < vec; b0 += BLOCK) {
            int len = Math.min(BLOCK, vec - b0);
            geluCdf(x, xo + b0, cdf, len);
            geluBackwardFromCdf(x, xo + b0, cdf, g, out, o + b0, len);
        }
        for (int j = vec; j < n; j++) {
            out[o + j] = g[o + j] * FloatMath.geluDerivative(x[xo + j]);
        }
    }

    /** cdf[j] = Phi(x[xo + j]) for j in [0, len), len a multiple of the lane count. */
    private static void geluCdf(float[] x, int xo, float[] cdf, int len) {
        for (int j = 0; j < len; j += L) {
            erf(FloatVector.fromArray(S, x, xo + j).mul(SQRT_HALF)).add(1f).mul(0.5f).intoArray(cdf, j);
        }
    }

    /** out[o + j] = g[o + j] (cdf[j] + x phi(x)), x = x[xo + j], for j in [0, len). */
    private static void geluBackwardFromCdf(float[] x, int xo, float[] cdf, float[] g, float[] out, int o, int len) {
        for (int j = 0; j < len; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + j);
            FloatVector pdf = exp(v.mul(-0.5f).mul(v)).mul(INV_SQRT_2PI);
            FloatVector d = FloatVector.fromArray(S, cdf, j).add(v.mul(pdf));
            FloatVector.fromArray(S, g, o + j).mul(d).intoArray(out, o + j);
        }
    }

    @Override
    public void biasGelu(float[] x, int xo, float[] bias, int bo, float[] y, float[] d, int o, int n) {
        int vec = n - n % L;
        if (d == null) {
            for (int j = 0; j < vec; j += L) {
                FloatVector v = biased(x, xo + j, bias, bo + j);
                v.mul(0.5f).mul(erf(v.mul(SQRT_HALF)).add(1f)).intoArray(y, o + j);
            }
        } else {
            // Two loops per block, erf in one and exp in the other (see geluBackward).
            for (int b0 = 0; b0 < vec; b0 += BLOCK) {
                int len = Math.min(BLOCK, vec - b0);
                biasGeluCdf(x, xo + b0, bias, bo + b0, y, d, o + b0, len);
                biasGeluAddPdf(x, xo + b0, bias, bo + b0, d, o + b0, len);
            }
        }
        for (int j = vec; j < n; j++) {
            float v = bias == null ? x[xo + j] : x[xo + j] + bias[bo + j];
            y[o + j] = FloatMath.gelu(v);
            if (d != null) {
                d[o + j] = FloatMath.geluDerivative(v);
            }
        }
    }

    private static FloatVector biased(float[] x, int xo, float[] bias, int bo) {
        FloatVector v = FloatVector.fromArray(S, x, xo);
        return bias == null ? v : v.add(FloatVector.fromArray(S, bias, bo));
    }

    /** y = gelu(v) and d = Phi(v) for v = x + bias, over len (a multiple of the lane count) entries. */
    private static void biasGeluCdf(float[] x, int xo, float[] bias, int bo, float[] y, float[] d, int o, int len) {
        for (int j = 0; j < len; j += L) {
            FloatVector v = biased(x, xo + j, bias, bo + j);
            FloatVector e1 = erf(v.mul(SQRT_HALF)).add(1f);
            v.mul(0.5f).mul(e1).intoArray(y, o + j);
            e1.mul(0.5f).intoArray(d, o + j);
        }
    }

    /** d += v phi(v) for v = x + bias, over len (a multiple of the lane count) entries. */
    private static void biasGeluAddPdf(float[] x, int xo, float[] bias, int bo, float[] d, int o, int len) {
        for (int j = 0; j < len; j += L) {
            FloatVector v = biased(x, xo + j, bias, bo + j);
            FloatVector pdf = exp(v.mul(-0.5f).mul(v)).mul(INV_SQRT_2PI);
            FloatVector.fromArray(S, d, o + j).add(v.mul(pdf)).intoArray(d, o + j);
        }
    }

    // ---- lane-wise copies of FloatMath's functions

    private static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector q = z.mul(7.882497448008507e-05f).sub(8.018855005502701e-04f);
        q = q.mul(z).add(5.189312156289816e-03f);
        q = q.mul(z).sub(2.685432881116867e-02f);
        q = q.mul(z).add(1.1283597350120544e-01f);
        q = q.mul(z).sub(3.761262595653534e-01f);
        q = q.mul(z).add(1.2837916612625122e-01f);
        FloatVector small = x.add(x.mul(q));
        FloatVector ac = a.min(4f);
        FloatVector e = exp(ac.mul(ac).neg());
        FloatVector t = FloatVector.broadcast(S, 2f).div(ac.add(2f));
        FloatVector r = t.mul(1.1954094469547272e-01f).sub(4.719487428665161e-01f);
        r = r.mul(t).add(5.644844770431519e-01f);
        r = r.mul(t).sub(1.0468026995658875e-01f);
        r = r.mul(t).add(3.483526408672333e-01f);
        r = r.mul(t).add(2.5952187180519104e-01f);
        r = r.mul(t).add(2.849396765232086e-01f);
        r = r.mul(t).sub(1.5604912186972797e-04f);
        FloatVector big = FloatVector.broadcast(S, 1f).sub(e.mul(r));
        IntVector sign = x.reinterpretAsInts().and(0x80000000);
        FloatVector signedBig = big.reinterpretAsInts().and(0x7fffffff).or(sign).reinterpretAsFloats();
        return signedBig.blend(small, a.compare(VectorOperators.LT, 1f));
    }

    static FloatVector exp(FloatVector x) {
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
        // Math.max/min propagate NaN, and so does the scalar code; make the lanes agree. (NaN is
        // the one value unequal to itself: a compare is intrinsified where test(IS_NAN) is not.)
        VectorMask<Float> nan = x.compare(VectorOperators.NE, x);
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
