package io.cambium.tensor.kernels;

/**
 * Branch-free float functions for the elementwise kernels, written so that the JIT can keep them
 * in straight-line code (selects on int bits rather than float branches, which x86 cannot turn
 * into conditional moves).
 *
 * <p>The polynomial coefficients were fitted for Cambium (least squares on Chebyshev nodes,
 * NumPy, double precision); the stated error bounds were measured against {@code Math.exp} and
 * Python's {@code math.erf} on dense grids.
 */
public final class FloatMath {
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split into a part with few significant bits (exact products with small n) and the rest. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440054690583e-4f;
    /** 1.5 * 2^23: adding it rounds a float to an integer held in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    private static final int ROUND_MAGIC_BITS = 0x4b400000;
    private static final int ONE_BITS = 0x3f800000;

    private FloatMath() {
    }

    /**
     * e^x within 1 ulp of the correctly rounded float (infinite above ~88.72, subnormal and then
     * zero below ~-87.3, NaN for NaN).
     */
    public static float exp(float x) {
        float v = Math.min(Math.max(x, -104f), 89f);
        float t = v * LOG2E + ROUND_MAGIC;
        int n = Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS;
        float nf = t - ROUND_MAGIC;
        float r = v - nf * LN2_HI - nf * LN2_LO;
        float p = expPoly(r);
        // 2^n as two factors so that n in [-150, 128] neither underflows nor overflows the exponent.
        int h = n >> 1;
        float s1 = Float.intBitsToFloat((h + 127) << 23);
        float s2 = Float.intBitsToFloat((n - h + 127) << 23);
        return (1f + p) * s1 * s2;
    }

    /** e^x - 1, accurate near zero (where {@code exp(x) - 1} would cancel). */
    public static float expm1(float x) {
        float small = expPoly(x);
        float large = exp(x) - 1f;
        return select(Math.abs(x) < 0.34f, small, large);
    }

    /** e^r - 1 for |r| <= ln(2)/2 as r + r^2 Q(r); relative error of 1 + that below 3e-10 in exact arithmetic. */
    private static float expPoly(float r) {
        float q = 1.9899613107554615e-4f;
        q = q * r + 1.3933911686763167e-3f;
        q = q * r + 8.3332983776927e-3f;
        q = q * r + 4.1666463017463684e-2f;
        q = q * r + 1.666666716337204e-1f;
        q = q * r + 0.5f;
        return r + r * r * q;
    }

    /**
     * log(1 + x), accurate for small |x|: below 1e-4 the series x - x^2/2 + x^3/3 (error under
     * x^4/4), otherwise log of 1 + x formed exactly in double.
     */
    public static float log1p(float x) {
        double d = x;
        double series = d - d * d * (0.5 - d / 3.0);
        double direct = Math.log(1.0 + d);
        return select(Math.abs(x) < 1e-4f, (float) series, (float) direct);
    }

    /** The logistic function 1 / (1 + e^-x), without overflow for any x. */
    public static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float r = 1f / (1f + e);
        return select(x >= 0f, r, e * r);
    }

    /** tanh(x), accurate near zero and exactly +-1 for |x| >= 20 (tanh(20) rounds to 1). */
    public static float tanh(float x) {
        float e = expm1(2f * Math.min(Math.abs(x), 20f));
        return Math.copySign(e / (e + 2f), x);
    }

    /**
     * erf(x) with absolute error below 1e-8 before the final rounding to float: computed in double
     * as 1 - e^(-x^2) P(2 / (2 + |x|)), P a degree-9 fit of erfc(x) e^(x^2) on [0, 4]
     * (|erf| rounds to 1 in float beyond 4).
     */
    public static float erf(float x) {
        double a = Math.min(Math.abs((double) x), 4.0);
        double t = 2.0 / (2.0 + a);
        double p = -0.014838064412094901;
        p = p * t + 0.03519395129278099;
        p = p * t + 0.12595088641200944;
        p = p * t - 0.5843244131443587;
        p = p * t + 0.7377824200303434;
        p = p * t - 0.24008808733101966;
        p = p * t + 0.41073670798024026;
        p = p * t + 0.24235621510040264;
        p = p * t + 0.28755692304973485;
        p = p * t - 0.00032654016397483024;
        double r = 1.0 - Math.exp(-a * a) * p;
        return (float) Math.copySign(r, x);
    }

    /** {@code c ? a : b} through an integer select (a conditional move, no branch). */
    public static float select(boolean c, float a, float b) {
        return Float.intBitsToFloat(c ? Float.floatToRawIntBits(a) : Float.floatToRawIntBits(b));
    }

    /** {@code c ? a : 0}, branch-free. */
    public static float keep(boolean c, float a) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(a) & (c ? -1 : 0));
    }

    /** {@code c ? 1 : 0}, branch-free. */
    public static float indicator(boolean c) {
        return Float.intBitsToFloat(c ? ONE_BITS : 0);
    }
}
