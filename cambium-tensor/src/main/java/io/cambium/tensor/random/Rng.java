package io.cambium.tensor.random;

/**
 * A seeded pseudo-random generator (xoshiro256**) whose whole state can be read and restored, so
 * that a checkpoint can resume a run with the same random stream.
 *
 * <p>Not thread-safe: each consumer that runs concurrently should own its own generator, derived
 * with {@link #split()}.
 */
public final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareGaussian;
    private boolean hasSpare;

    /** A generator seeded with {@code seed}; equal seeds give equal streams. */
    public Rng(long seed) {
        reseed(seed);
    }

    /** Resets this generator to the stream of {@code seed}. */
    public void reseed(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
        hasSpare = false;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** A uniform float in [0, 1). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** A uniform double in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // Lemire's nearly-divisionless method keeps the result unbiased.
        long m = (nextLong() >>> 32) * bound;
        long l = m & 0xFFFFFFFFL;
        if (l < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (l < threshold) {
                m = (nextLong() >>> 32) * bound;
                l = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A standard normal sample (Box-Muller, which is exact and deterministic). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= 0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Whether the next Bernoulli trial with success probability {@code p} succeeds. */
    public boolean nextBoolean(double p) {
        return nextDouble() < p;
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Shuffles {@code list} in place (Fisher-Yates, the same draws as {@link #shuffle(int[])}). */
    public <T> void shuffle(java.util.List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            list.set(i, list.set(j, list.get(i)));
        }
    }

    /** A random permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** A new generator whose stream is independent of, and determined by, this one's. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** The full state, for checkpoints: restore it with {@link #setState(long[])}. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    /** Restores a state returned by {@link #state()}. */
    public void setState(long[] state) {
        if (state == null || state.length != 6) {
            throw new IllegalArgumentException("Rng state must have 6 longs, got "
                    + (state == null ? "null" : state.length));
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        hasSpare = state[4] != 0;
        spareGaussian = Double.longBitsToDouble(state[5]);
    }
}
