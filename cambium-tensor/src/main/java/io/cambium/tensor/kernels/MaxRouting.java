package io.cambium.tensor.kernels;

/**
 * The channel loop of the max-pool backward pass: over {@code c} channels of one input cell, the
 * gradient still held for a window ({@code rest}) goes to the cell when the cell holds the
 * window's maximum, bit for bit ({@code -0} and {@code +0} tie), and is then no longer held, so
 * only the first matching cell of a window takes it. Branch-free, as matches are unpredictable.
 * Chosen once: the Vector API implementation when {@link Kernels#vectorAvailable()}; both give
 * the same bits.
 */
public interface MaxRouting {
    /** One input cell {@code x[xo..xo+c)} against the window's maxima {@code y[yo..yo+c)}. */
    void route(float[] x, int xo, float[] y, int yo, float[] rest, float[] dx, int c);

    /** The implementation in use. */
    static MaxRouting inUse() {
        return Chosen.IN_USE;
    }

    /** Plain Java. */
    final class Scalar implements MaxRouting {
        @Override
        public void route(float[] x, int xo, float[] y, int yo, float[] rest, float[] dx, int c) {
            routeChannels(x, xo, y, yo, rest, dx, 0, c);
        }

        /** {@link #route} for channels {@code [from, to)} only. */
        public static void routeChannels(float[] x, int xo, float[] y, int yo, float[] rest, float[] dx,
                                         int from, int to) {
            for (int j = from; j < to; j++) {
                int bv = Float.floatToRawIntBits(x[xo + j]);
                int bm = Float.floatToRawIntBits(y[yo + j]);
                int mask = ((bv ^ bm) == 0 | ((bv | bm) << 1) == 0) ? -1 : 0;
                int r = Float.floatToRawIntBits(rest[j]);
                dx[xo + j] += Float.intBitsToFloat(r & mask);
                rest[j] = Float.intBitsToFloat(r & ~mask);
            }
        }
    }

    /** Holds the choice, made at first use. */
    final class Chosen {
        private Chosen() {
        }

        static final MaxRouting IN_USE = choose();

        private static MaxRouting choose() {
            MaxRouting vector = Kernels.loadVector(MaxRouting.class,
                    "io.cambium.tensor.kernels.vector.VectorMaxRouting", "max-pool routing", "scalar loops");
            return vector != null ? vector : new Scalar();
        }
    }
}
