package io.cambium.data.augment;

/**
 * How points outside the input image are filled by geometric transforms (as in Keras /
 * {@code scipy.ndimage}); for an input row {@code a b c d}:
 * NEAREST {@code a a a | a b c d | d d d}, CONSTANT {@code k k k | a b c d | k k k},
 * REFLECT {@code c b a | a b c d | d c b}, WRAP {@code b c d | a b c d | a b c}.
 */
public enum FillMode {
    NEAREST, CONSTANT, REFLECT, WRAP;

    /** The index inside {@code 0..n-1} that stands for {@code i}, or -1 for the constant value. */
    int map(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (this) {
            case NEAREST:
                return i < 0 ? 0 : n - 1;
            case CONSTANT:
                return -1;
            case WRAP:
                return Math.floorMod(i, n);
            default: {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - 1 - m;
            }
        }
    }
}
