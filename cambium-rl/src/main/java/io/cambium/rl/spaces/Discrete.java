package io.cambium.rl.spaces;

import io.cambium.rl.random.Pcg64;

/**
 * The integers {@code start, start + 1, ..., start + n - 1} (Gymnasium's {@code Discrete(n, start)}).
 * Elements are {@code Integer}s; {@link #contains(Object)} also accepts other integral boxed
 * numbers in range, as Gymnasium accepts NumPy integers.
 */
public final class Discrete implements Space<Integer> {
    private final int n;
    private final int start;
    private Pcg64 random;

    /** {@code {0, ..., n - 1}}. */
    public Discrete(int n) {
        this(n, 0);
    }

    /** {@code {start, ..., start + n - 1}}. */
    public Discrete(int n, int start) {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete: n must be positive, got " + n);
        }
        this.n = n;
        this.start = start;
    }

    /** The number of elements. */
    public int n() {
        return n;
    }

    /** The smallest element. */
    public int start() {
        return start;
    }

    @Override
    public boolean contains(Object x) {
        long v;
        if (x instanceof Integer || x instanceof Long || x instanceof Short || x instanceof Byte) {
            v = ((Number) x).longValue();
        } else {
            return false;
        }
        return v >= start && v < (long) start + n;
    }

    @Override
    public Integer sample() {
        if (random == null) {
            random = Pcg64.fromEntropy();
        }
        return start + random.integers(n);
    }

    @Override
    public void seed(long seed) {
        random = new Pcg64(seed);
    }

    @Override
    public int[] shape() {
        return new int[0];
    }

    @Override
    public String describe(Object x) {
        return x == null ? "null" : x instanceof Number ? x.toString() : x + " (" + x.getClass().getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Discrete d && d.n == n && d.start == start;
    }

    @Override
    public int hashCode() {
        return 31 * n + start;
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
