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
    static final float SQRT_HALF = 0.70710678118654752440f;
    static final float INV_SQRT_2PI = 0.39894228040143267794f;

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

    /** Where {@link #tanhRational}'s quotient rounds to exactly 1 (Eigen's clamp). */
    private static final float TANH_RATIONAL_CLAMP = 7.90531110763549805f;

    /**
     * tanh(x) as a rational function, within 6 ulp of the correctly rounded value (measured on a
     * dense grid of [-10, 10]; {@link #tanh} is within 3): x P(x^2) / Q(x^2) with P of degree 6
     * and Q of degree 3 in x^2 (Eigen's float tanh), x clamped to +-7.9053, where the quotient
     * rounds to +-1; exactly odd, NaN for NaN. It is straight-line multiplies, adds, one division
     * and a clamp, so a plain loop of it is vectorized by the JIT (C2's superword) on any JDK,
     * where {@link #tanh}'s exponential needs the Vector API: the tanh GELU runs on it (see
     * docs/decisions/vector-jit.md).
     */
    public static float tanhRational(float x) {
        float c = Math.max(-TANH_RATIONAL_CLAMP, Math.min(TANH_RATIONAL_CLAMP, x));
        float z = c * c;
        float p = -2.76076847742355e-16f;
        p = p * z + 2.00018790482477e-13f;
        p = p * z - 8.60467152213735e-11f;
        p = p * z + 5.12229709037114e-08f;
        p = p * z + 1.48572235717979e-05f;
        p = p * z + 6.37261928875436e-04f;
        p = p * z + 4.89352455891786e-03f;
        float q = 1.19825839466702e-06f;
        q = q * z + 1.18534705686654e-04f;
        q = q * z + 2.26843463243900e-03f;
        q = q * z + 4.89352518554385e-03f;
        return c * p / q;
    }

    /**
     * erf(x) within 1e-7 of the exact value (measured: 7.6e-8), in float arithmetic only so that
     * it vectorizes lane for lane: below |x| = 1 as x + x Q(x^2), above as
     * 1 - e^(-x^2) R(2 / (2 + |x|)) with |x| clamped at 4 (where erf rounds to 1 in float).
     * Q is a degree-6 fit of erf(x)/x - 1 in x^2 on [0, 1], R a degree-7 fit of erfc(x) e^(x^2)
     * on [1, 4] (relative errors 1e-9 and 5e-10 in exact arithmetic).
     */
    public static float erf(float x) {
        float a = Math.abs(x);
        float small = x + x * erfSmallPoly(x * x);
        float ac = Math.min(a, 4f);
        float e = exp(-(ac * ac));
        float big = 1f - e * erfcScaledPoly(2f / (2f + ac));
        return select(a < 1f, small, Math.copySign(big, x));
    }

    /** Q(z), erf(x) = x + x Q(x^2) for |x| < 1. */
    static float erfSmallPoly(float z) {
        float q = 7.882497448008507e-05f;
        q = q * z - 8.018855005502701e-04f;
        q = q * z + 5.189312156289816e-03f;
        q = q * z - 2.685432881116867e-02f;
        q = q * z + 1.1283597350120544e-01f;
        q = q * z - 3.761262595653534e-01f;
        return q * z + 1.2837916612625122e-01f;
    }

    /** R(t) = erfc(x) e^(x^2) at t = 2 / (2 + x), for 1 <= x <= 4. */
    static float erfcScaledPoly(float t) {
        float r = 1.1954094469547272e-01f;
        r = r * t - 4.719487428665161e-01f;
        r = r * t + 5.644844770431519e-01f;
        r = r * t - 1.0468026995658875e-01f;
        r = r * t + 3.483526408672333e-01f;
        r = r * t + 2.5952187180519104e-01f;
        r = r * t + 2.849396765232086e-01f;
        return r * t - 1.5604912186972797e-04f;
    }

    /** The exact GELU x Phi(x) = x (1 + erf(x / sqrt 2)) / 2. */
    public static float gelu(float x) {
        return 0.5f * x * (1f + erf(x * SQRT_HALF));
    }

    /** The derivative of the exact GELU, Phi(x) + x phi(x). */
    public static float geluDerivative(float x) {
        float cdf = 0.5f * (1f + erf(x * SQRT_HALF));
        float pdf = INV_SQRT_2PI * exp(-0.5f * x * x);
        return cdf + x * pdf;
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
