package io.cambium.tensor.kernels;

/**
 * The channel loop of the 2 x 2 max-pool forward pass: over {@code c} channels, the maximum of
 * four input cells in window order, {@code Math.max(Math.max(Math.max(x0, x1), x2), x3)} (a NaN
 * gives NaN, {@code +0} beats {@code -0}). Chosen once: the Vector API implementation when
 * {@link Kernels#vectorAvailable()}; both give the same bits.
 */
public interface MaxWindows {
    /** {@code out[o + j]} = the maximum of {@code x[x0 + j]}, {@code x[x1 + j]}, {@code x[x2 + j]}, {@code x[x3 + j]}. */
    void max2x2(float[] x, int x0, int x1, int x2, int x3, float[] out, int o, int c);

    /** The implementation in use. */
    static MaxWindows inUse() {
        return Chosen.IN_USE;
    }

    /** Plain Java. */
    final class Scalar implements MaxWindows {
        @Override
        public void max2x2(float[] x, int x0, int x1, int x2, int x3, float[] out, int o, int c) {
            channels(x, x0, x1, x2, x3, out, o, 0, c);
        }

        /** {@link #max2x2} for channels {@code [from, to)} only. */
        public static void channels(float[] x, int x0, int x1, int x2, int x3, float[] out, int o, int from, int to) {
            for (int j = from; j < to; j++) {
                out[o + j] = Math.max(Math.max(Math.max(x[x0 + j], x[x1 + j]), x[x2 + j]), x[x3 + j]);
            }
        }
    }

    /** Holds the choice, made at first use. */
    final class Chosen {
        private Chosen() {
        }

        static final MaxWindows IN_USE = choose();

        private static MaxWindows choose() {
            MaxWindows vector = Kernels.loadVector(MaxWindows.class,
                    "io.cambium.tensor.kernels.vector.VectorMaxWindows", "max-pool windows", "scalar loops");
            return vector != null ? vector : new Scalar();
        }
    }
}
