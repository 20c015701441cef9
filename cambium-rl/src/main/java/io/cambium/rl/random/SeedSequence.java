package io.cambium.rl.random;

/**
 * NumPy's {@code SeedSequence} for an integer seed: hashes the seed's 32-bit words into a pool of
 * four words and expands the pool into as many state words as a bit generator needs. Together
 * with {@link Pcg64} it reproduces {@code numpy.random.default_rng(seed)}, the generator that
 * Gymnasium's {@code reset(seed=...)} creates, so that seeded episodes start from the same states
 * as in Gymnasium.
 */
public final class SeedSequence {
    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    private final int[] pool = new int[POOL_SIZE];

    /**
     * The sequence of a non-negative seed.
     *
     * @throws IllegalArgumentException for a negative seed (NumPy rejects them too)
     */
    public SeedSequence(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be a non-negative integer, got " + seed);
        }
        int[] entropy = seed == 0 ? new int[] {0}
                : (seed >>> 32) == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        mix(entropy);
    }

    private void mix(int[] entropy) {
        int[] hash = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hash);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], hash));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hashmix(entropy[src], hash));
            }
        }
    }

    private static int hashmix(int value, int[] hash) {
        value ^= hash[0];
        hash[0] *= MULT_A;
        value *= hash[0];
        return value ^ (value >>> XSHIFT);
    }

    private static int mix(int x, int y) {
        int r = MIX_MULT_L * x - MIX_MULT_R * y;
        return r ^ (r >>> XSHIFT);
    }

    /** {@code n} 64-bit state words ({@code generate_state(n, np.uint64)}). */
    public long[] generateState64(int n) {
        int[] words = new int[2 * n];
        int hash = INIT_B;
        for (int i = 0; i < words.length; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= hash;
            hash *= MULT_B;
            v *= hash;
            v ^= v >>> XSHIFT;
            words[i] = v;
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            // Little-endian pairs of 32-bit words, as NumPy views them.
            out[i] = (words[2 * i] & 0xFFFFFFFFL) | ((long) words[2 * i + 1] << 32);
        }
        return out;
    }
}
