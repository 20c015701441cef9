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

    /**
     * A whole window of four cells {@code x[x0..x0+c)} .. {@code x[x3..x3+c)} (in window order)
     * that lie in no other window: the gradient {@code dy[yo..yo+c)} goes to the first cell
     * matching the maxima {@code y[yo..yo+c)}, and each cell's {@code dx} is written (not added
     * to) with the same bits as {@link #route} on a zero {@code dx} would leave.
     */
    void route2x2(float[] x, int x0, int x1, int x2, int x3, float[] y, float[] dy, int yo, float[] dx, int c);

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

        @Override
        public void route2x2(float[] x, int x0, int x1, int x2, int x3, float[] y, float[] dy, int yo, float[] dx,
                             int c) {
            route2x2Channels(x, x0, x1, x2, x3, y, dy, yo, dx, 0, c);
        }

        /** {@link #route2x2} for channels {@code [from, to)} only. */
        public static void route2x2Channels(float[] x, int x0, int x1, int x2, int x3, float[] y, float[] dy,
                                            int yo, float[] dx, int from, int to) {
            for (int j = from; j < to; j++) {
                int bm = Float.floatToRawIntBits(y[yo + j]);
                int r = Float.floatToRawIntBits(dy[yo + j]);
                r = take(x, x0 + j, bm, r, dx);
                r = take(x, x1 + j, bm, r, dx);
                r = take(x, x2 + j, bm, r, dx);
                take(x, x3 + j, bm, r, dx);
            }
        }

        /** Writes the held gradient bits {@code r} to cell {@code i} if it matches, else zero; returns what stays held. */
        private static int take(float[] x, int i, int bm, int r, float[] dx) {
            int bv = Float.floatToRawIntBits(x[i]);
            int mask = ((bv ^ bm) == 0 | ((bv | bm) << 1) == 0) ? -1 : 0;
            dx[i] = 0f + Float.intBitsToFloat(r & mask);
            return r & ~mask;
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
