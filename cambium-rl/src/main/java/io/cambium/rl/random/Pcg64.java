package io.cambium.rl.random;

import java.security.SecureRandom;

/**
 * NumPy's default generator ({@code numpy.random.Generator} over the {@code PCG64} bit generator,
 * XSL-RR output of a 128-bit LCG), seeded through {@link SeedSequence}: for the same seed it
 * returns the same {@link #random()}, {@link #uniform(double, double)} and {@link #integers(int)}
 * values as {@code numpy.random.default_rng(seed)}. Environments draw their initial states and
 * stochastic transitions from it, as Gymnasium's {@code np_random} does.
 *
 * <p>{@link #normal()} uses the Box-Muller transform, not NumPy's ziggurat, so its stream differs
 * from NumPy's. Not thread-safe.
 */
public final class Pcg64 {
    private static final long MULT_HI = 0x2360ED051FC65DA4L;
    private static final long MULT_LO = 0x4385DF649FCCF645L;
    private static final SecureRandom ENTROPY = new SecureRandom();

    private long stateHi;
    private long stateLo;
    private long incHi;
    private long incLo;
    private boolean hasUint32;
    private int uinteger;
    private boolean hasGaussian;
    private double gaussian;

    /** The generator of {@code numpy.random.default_rng(seed)}. */
    public Pcg64(long seed) {
        long[] s = new SeedSequence(seed).generateState64(4);
        // pcg64_set_seed: state = (s[0] << 64) | s[1], sequence = (s[2] << 64) | s[3].
        incHi = (s[2] << 1) | (s[3] >>> 63);
        incLo = (s[3] << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + s[1];
        long carry = Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0;
        stateHi = stateHi + s[0] + carry;
        stateLo = lo;
        step();
    }

    /** A generator seeded from the operating system's entropy (Gymnasium's unseeded reset). */
    public static Pcg64 fromEntropy() {
        return new Pcg64(ENTROPY.nextLong() & Long.MAX_VALUE);
    }

    private void step() {
        // state = state * MULT + inc (mod 2^128)
        long lo = stateLo * MULT_LO;
        long hi = Math.multiplyHigh(stateLo, MULT_LO) + ((stateLo >> 63) & MULT_LO) + ((MULT_LO >> 63) & stateLo);
        hi += stateLo * MULT_HI + stateHi * MULT_LO;
        long newLo = lo + incLo;
        long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        stateHi = hi + incHi + carry;
        stateLo = newLo;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        step();
        long x = stateHi ^ stateLo;
        int rot = (int) (stateHi >>> 58);
        return Long.rotateRight(x, rot);
    }

    /** The next 32 random bits (NumPy buffers the upper half of a 64-bit draw for the next call). */
    public int nextInt() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger;
        }
        long next = nextLong();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return (int) next;
    }

    /** A uniform double in [0, 1) ({@code Generator.random()}). */
    public double random() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A uniform double in [low, high) ({@code Generator.uniform(low, high)}). */
    public double uniform(double low, double high) {
        double range = high - low;
        return low + range * random();
    }

    /** {@code n} uniform doubles in [low, high), drawn in order ({@code uniform(low, high, size=n)}). */
    public double[] uniform(double low, double high, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = uniform(low, high);
        }
        return out;
    }

    /**
     * A uniform integer in [0, n) ({@code Generator.integers(n)}), with NumPy's Lemire rejection
     * on buffered 32-bit draws.
     */
    public int integers(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("integers: n must be positive, got " + n);
        }
        long rng = n - 1L;
        if (rng == 0) {
            return 0;
        }
        long rngExcl = rng + 1;
        long m = (nextInt() & 0xFFFFFFFFL) * rngExcl;
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < rngExcl) {
            long threshold = (0xFFFFFFFFL - rng) % rngExcl;
            while (leftover < threshold) {
                m = (nextInt() & 0xFFFFFFFFL) * rngExcl;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A standard normal sample (Box-Muller on this generator's doubles; not NumPy's ziggurat). */
    public double normal() {
        if (hasGaussian) {
            hasGaussian = false;
            return gaussian;
        }
        double u1;
        do {
            u1 = random();
        } while (u1 <= 0);
        double u2 = random();
        double r = Math.sqrt(-2 * Math.log(u1));
        gaussian = r * Math.sin(2 * Math.PI * u2);
        hasGaussian = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** An exponential sample with scale 1 (by inversion; not NumPy's ziggurat). */
    public double exponential() {
        return -Math.log1p(-random());
    }

    /** The index of the first cumulative probability above a uniform draw (Gymnasium's {@code categorical_sample}). */
    public int categorical(double[] probabilities) {
        double u = random();
        double c = 0;
        for (int i = 0; i < probabilities.length; i++) {
            c += probabilities[i];
            if (c > u) {
                return i;
            }
        }
        // np.argmax of an all-false mask is 0.
        return 0;
    }

    /** The full state (for saving an environment's generator); restore with {@link #setState(long[])}. */
    public long[] state() {
        return new long[] {stateHi, stateLo, incHi, incLo, hasUint32 ? 1 : 0, uinteger, hasGaussian ? 1 : 0,
            Double.doubleToRawLongBits(gaussian)};
    }

    /** Restores a state from {@link #state()}. */
    public void setState(long[] s) {
        if (s == null || s.length != 8) {
            throw new IllegalArgumentException("Pcg64 state must have 8 longs, got " + (s == null ? "null" : s.length));
        }
        stateHi = s[0];
        stateLo = s[1];
        incHi = s[2];
        incLo = s[3];
        hasUint32 = s[4] != 0;
        uinteger = (int) s[5];
        hasGaussian = s[6] != 0;
        gaussian = Double.longBitsToDouble(s[7]);
    }

    /** The 128-bit LCG state as {@code {high, low}} (NumPy's {@code bit_generator.state['state']}). */
    long[] lcgState() {
        return new long[] {stateHi, stateLo};
    }

    /** The 128-bit increment as {@code {high, low}} (NumPy's {@code bit_generator.state['inc']}). */
    long[] lcgIncrement() {
        return new long[] {incHi, incLo};
    }
}
