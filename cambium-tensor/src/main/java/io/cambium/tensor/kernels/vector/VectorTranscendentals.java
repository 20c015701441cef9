package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.FloatMath;
import io.cambium.tensor.kernels.ThreadScratch;
import io.cambium.tensor.kernels.TranscendentalKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TranscendentalKernels} on the Vector API: the operations of {@link FloatMath} lane by
 * lane, in the same order and without fused multiply-adds, so results are bitwise those of the
 * scalar code. Tails use the scalar code.
 *
 * <p>No method here takes or returns a vector: each function is a loop over a block of at most
 * {@link #BLOCK} elements, and a function built on another (erf on exp, GELU on erf) passes its
 * intermediate values through per-thread block arrays that stay in L1. A method with a vector
 * parameter or result is fast only when C2 inlines it, and C2 refuses to once that method has been
 * compiled on its own ("already compiled into a big method"), which depends on the order the JIT
 * happened to compile things in: in a JDK 17 run of W2-W5 in one JVM where C2 had compiled
 * {@code erf(FloatVector)} on its own, W5 ran at 8,182 tokens/s, against 10,200-13,900 in fast
 * runs (docs/decisions/vector-jit.md).
 */
public final class VectorTranscendentals implements TranscendentalKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements per block of the staged functions (three 2 KiB arrays per thread). */
    private static final int BLOCK = 512;
    /** The constants of {@link FloatMath#gelu} and {@link FloatMath#geluDerivative}. */
    private static final float SQRT_HALF = 0.70710678118654752440f;
    private static final float INV_SQRT_2PI = 0.39894228040143267794f;
    /** Block arrays: two for the staged values, one that erf keeps for its exponentials. */
    private static final ThreadScratch BLOCKS = new ThreadScratch(3);

    @Override
    public void expShifted(float[] x, int xo, float shift, float[] out, int o, int n) {
        int vec = n - n % L;
        exp(x, xo, shift, out, o, vec);
        for (int j = vec; j < n; j++) {
            out[o + j] = FloatMath.exp(x[xo + j] - shift);
        }
    }

    @Override
    public void sigmoid(float[] x, int xo, float[] out, int o, int n) {
        int vec = n - n % L;
        try (ThreadScratch.Lease lease = BLOCKS.acquire()) {
            float[] e = lease.floats(0, BLOCK);
            for (int b0 = 0; b0 < vec; b0 += BLOCK) {
                int len = Math.min(BLOCK, vec - b0);
                int xb = xo + b0;
                for (int j = 0; j < len; j += L) {
                    FloatVector.fromArray(S, x, xb + j).abs().neg().intoArray(e, j);
                }
                exp(e, 0, 0f, e, 0, len);
                for (int j = 0; j < len; j += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xb + j);
                    FloatVector ev = FloatVector.fromArray(S, e, j);
                    FloatVector r = FloatVector.broadcast(S, 1f).div(ev.add(1f));
                    FloatVector neg = ev.mul(r);
                    r.blend(neg, v.compare(VectorOperators.GE, 0f).not()).intoArray(out, o + b0 + j);
                }
            }
        }
        for (int j = vec; j < n; j++) {
            out[o + j] = FloatMath.sigmoid(x[xo + j]);
        }
    }

    @Override
    public void tanh(float[] x, int xo, float[] out, int o, int n) {
        int vec = n - n % L;
        try (ThreadScratch.Lease lease = BLOCKS.acquire()) {
            float[] a = lease.floats(0, BLOCK);
            float[] e = lease.floats(1, BLOCK);
            for (int b0 = 0; b0 < vec; b0 += BLOCK) {
                int len = Math.min(BLOCK, vec - b0);
                int xb = xo + b0;
                for (int j = 0; j < len; j += L) {
                    FloatVector.fromArray(S, x, xb + j).abs().min(20f).mul(2f).intoArray(a, j);
                }
                exp(a, 0, 0f, e, 0, len);
                for (int j = 0; j < len; j += L) {
                    // expm1(a): exp's polynomial near 0 (written out, as no method here takes a
                    // vector), e^a - 1 elsewhere; FloatMath.expm1.
                    FloatVector av = FloatVector.fromArray(S, a, j);
                    FloatVector q = av.mul(1.9899613107554615e-4f).add(1.3933911686763167e-3f);
                    q = q.mul(av).add(8.3332983776927e-3f);
                    q = q.mul(av).add(4.1666463017463684e-2f);
                    q = q.mul(av).add(1.666666716337204e-1f);
                    q = q.mul(av).add(0.5f);
                    FloatVector small = av.add(av.mul(av).mul(q));
                    FloatVector em1 = FloatVector.fromArray(S, e, j).sub(1f)
                            .blend(small, av.abs().compare(VectorOperators.LT, 0.34f));
                    FloatVector t = em1.div(em1.add(2f));
                    IntVector mag = t.reinterpretAsInts().and(0x7fffffff);
                    IntVector sign = FloatVector.fromArray(S, x, xb + j).reinterpretAsInts().and(0x80000000);
                    mag.or(sign).reinterpretAsFloats().intoArray(out, o + b0 + j);
                }
            }
        }
        for (int j = vec; j < n; j++) {
            out[o + j] = FloatMath.tanh(x[xo + j]);
        }
    }

    @Override
    public void erf(float[] x, int xo, float[] out, int o, int n) {
        int vec = n - n % L;
        try (ThreadScratch.Lease lease = BLOCKS.acquire()) {
            float[] e = lease.floats(2, BLOCK);
            for (int b0 = 0; b0 < vec; b0 += BLOCK) {
                erf(x, xo + b0, out, o + b0, Math.min(BLOCK, vec - b0), e);
            }
        }
        for (int j = vec; j < n; j++) {
            out[o + j] = FloatMath.erf(x[xo + j]);
        }
    }

    @Override
    public void gelu(float[] x, int xo, float[] out, int o, int n) {
        biasGelu(x, xo, null, 0, out, null, o, n);
    }

    @Override
    public void geluBackward(float[] x, int xo, float[] g, float[] out, int o, int n) {
        int vec = n - n % L;
        try (ThreadScratch.Lease lease = BLOCKS.acquire()) {
            float[] u = lease.floats(0, BLOCK);
            float[] p = lease.floats(1, BLOCK);
            float[] e = lease.floats(2, BLOCK);
            for (int b0 = 0; b0 < vec; b0 += BLOCK) {
                int len = Math.min(BLOCK, vec - b0);
                int xb = xo + b0;
                int ob = o + b0;
                cdfAndPdfExponent(x, xb, null, 0, u, p, len, e);
                for (int j = 0; j < len; j += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xb + j);
                    FloatVector cdf = FloatVector.fromArray(S, u, j).add(1f).mul(0.5f);
                    FloatVector pdf = FloatVector.fromArray(S, p, j).mul(INV_SQRT_2PI);
                    FloatVector.fromArray(S, g, ob + j).mul(cdf.add(v.mul(pdf))).intoArray(out, ob + j);
                }
            }
        }
        for (int j = vec; j < n; j++) {
            out[o + j] = g[o + j] * FloatMath.geluDerivative(x[xo + j]);
        }
    }

    @Override
    public void biasGelu(float[] x, int xo, float[] bias, int bo, float[] y, float[] d, int o, int n) {
        int vec = n - n % L;
        try (ThreadScratch.Lease lease = BLOCKS.acquire()) {
            float[] u = lease.floats(0, BLOCK);
            float[] p = d == null ? null : lease.floats(1, BLOCK);
            float[] e = lease.floats(2, BLOCK);
            for (int b0 = 0; b0 < vec; b0 += BLOCK) {
                int len = Math.min(BLOCK, vec - b0);
                int xb = xo + b0;
                int bb = bo + b0;
                int ob = o + b0;
                cdfAndPdfExponent(x, xb, bias, bb, u, p, len, e);
                for (int j = 0; j < len; j += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xb + j);
                    if (bias != null) {
                        v = v.add(FloatVector.fromArray(S, bias, bb + j));
                    }
                    FloatVector e1 = FloatVector.fromArray(S, u, j).add(1f);
                    v.mul(0.5f).mul(e1).intoArray(y, ob + j);
                    if (d != null) {
                        FloatVector pdf = FloatVector.fromArray(S, p, j).mul(INV_SQRT_2PI);
                        e1.mul(0.5f).add(v.mul(pdf)).intoArray(d, ob + j);
                    }
                }
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

    /**
     * For v = x + bias over len entries (a multiple of the lane count): u = erf(v / sqrt 2) and,
     * when {@code p} is not null, p = e^(-v^2 / 2), the two exponential parts of the GELU and its
     * derivative; {@code e} is erf's block array.
     */
    private static void cdfAndPdfExponent(float[] x, int xo, float[] bias, int bo, float[] u, float[] p, int len,
                                          float[] e) {
        for (int j = 0; j < len; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(S, bias, bo + j));
            }
            v.mul(SQRT_HALF).intoArray(u, j);
            if (p != null) {
                v.mul(-0.5f).mul(v).intoArray(p, j);
            }
        }
        erf(u, 0, u, 0, len, e);
        if (p != null) {
            exp(p, 0, 0f, p, 0, len);
        }
    }

    // ---- FloatMath's functions over blocks

    /**
     * out[o + j] = erf(x[xo + j]) for j in [0, len), len a multiple of the lane count and at most
     * the length of {@code e}, which holds the exponentials; {@code out} may be {@code x} at the same
     * offset.
     */
    private static void erf(float[] x, int xo, float[] out, int o, int len, float[] e) {
        for (int j = 0; j < len; j += L) {
            FloatVector ac = FloatVector.fromArray(S, x, xo + j).abs().min(4f);
            ac.mul(ac).neg().intoArray(e, j);
        }
        exp(e, 0, 0f, e, 0, len);
        for (int j = 0; j < len; j += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + j);
            FloatVector a = xv.abs();
            FloatVector z = xv.mul(xv);
            FloatVector q = z.mul(7.882497448008507e-05f).sub(8.018855005502701e-04f);
            q = q.mul(z).add(5.189312156289816e-03f);
            q = q.mul(z).sub(2.685432881116867e-02f);
            q = q.mul(z).add(1.1283597350120544e-01f);
            q = q.mul(z).sub(3.761262595653534e-01f);
            q = q.mul(z).add(1.2837916612625122e-01f);
            FloatVector small = xv.add(xv.mul(q));
            FloatVector ac = a.min(4f);
            FloatVector t = FloatVector.broadcast(S, 2f).div(ac.add(2f));
            FloatVector r = t.mul(1.1954094469547272e-01f).sub(4.719487428665161e-01f);
            r = r.mul(t).add(5.644844770431519e-01f);
            r = r.mul(t).sub(1.0468026995658875e-01f);
            r = r.mul(t).add(3.483526408672333e-01f);
            r = r.mul(t).add(2.5952187180519104e-01f);
            r = r.mul(t).add(2.849396765232086e-01f);
            r = r.mul(t).sub(1.5604912186972797e-04f);
            FloatVector big = FloatVector.broadcast(S, 1f).sub(FloatVector.fromArray(S, e, j).mul(r));
            IntVector sign = xv.reinterpretAsInts().and(0x80000000);
            FloatVector signedBig = big.reinterpretAsInts().and(0x7fffffff).or(sign).reinterpretAsFloats();
            signedBig.blend(small, a.compare(VectorOperators.LT, 1f)).intoArray(out, o + j);
        }
    }

    /**
     * out[o + j] = exp(x[xo + j] - shift) for j in [0, len), len a multiple of the lane count;
     * {@code out} may be {@code x} at the same offset. The one copy of {@link FloatMath#exp}'s
     * steps on vectors; softmax rows use it too.
     */
    static void exp(float[] x, int xo, float shift, float[] out, int o, int len) {
        for (int j = 0; j < len; j += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + j).sub(shift);
            FloatVector v = xv.max(-104f).min(89f);
            FloatVector t = v.mul(1.44269504088896341f).add(12582912f);
            IntVector n = t.reinterpretAsInts().sub(0x4b400000);
            FloatVector nf = t.sub(12582912f);
            FloatVector r = v.sub(nf.mul(0.693359375f)).sub(nf.mul(-2.12194440054690583e-4f));
            IntVector h = n.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector q = r.mul(1.9899613107554615e-4f).add(1.3933911686763167e-3f);
            q = q.mul(r).add(8.3332983776927e-3f);
            q = q.mul(r).add(4.1666463017463684e-2f);
            q = q.mul(r).add(1.666666716337204e-1f);
            q = q.mul(r).add(0.5f);
            FloatVector res = r.add(r.mul(r).mul(q)).add(1f).mul(s1).mul(s2);
            // Math.max/min propagate NaN, and so does the scalar code; make the lanes agree. (NaN is
            // the one value unequal to itself: a compare is intrinsified where test(IS_NAN) is not.)
            res.blend(xv, xv.compare(VectorOperators.NE, xv)).intoArray(out, o + j);
        }
    }
}
