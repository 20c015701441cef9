package io.cambium.tensor.kernels;

/**
 * The per-pixel loops of a depthwise convolution with channel multiplier 1 on channels-last data,
 * where input channel c, kernel channel c and output channel c line up: each window tap is a run
 * of {@code len} consecutive channels in the input, the kernel and the output. Chosen once: the
 * Vector API implementation when {@link Kernels#vectorAvailable()}. Both round each product and
 * then add it (no fused multiply-add), taps in the order given, so they give the same bits.
 */
public interface DepthwiseLanes {
    /**
     * {@code out[o + c]} = the sum over taps t in {@code [0, taps)} of
     * {@code x[xo[t] + c] * k[ko[t] + c]}, accumulated from +0 in tap order, for c in {@code [0, len)}.
     */
    void pixel(float[] x, int[] xo, float[] k, int[] ko, int taps, float[] out, int o, int len);

    /**
     * For each tap t in order and c in {@code [0, len)}: {@code dx[xo[t] + c] += dy[o + c] * k[ko[t] + c]}
     * when {@code dx} is not null, and {@code dk[ko[t] + c] += x[xo[t] + c] * dy[o + c]} when
     * {@code dk} is not null.
     */
    void pixelBackward(float[] x, int[] xo, float[] k, int[] ko, int taps, float[] dy, int o, float[] dx,
                       float[] dk, int len);

    /** The implementation in use. */
    static DepthwiseLanes inUse() {
        return Chosen.IN_USE;
    }

    /** Plain Java. */
    final class Scalar implements DepthwiseLanes {
        @Override
        public void pixel(float[] x, int[] xo, float[] k, int[] ko, int taps, float[] out, int o, int len) {
            pixelColumns(x, xo, k, ko, taps, out, o, 0, len);
        }

        @Override
        public void pixelBackward(float[] x, int[] xo, float[] k, int[] ko, int taps, float[] dy, int o, float[] dx,
                                  float[] dk, int len) {
            pixelBackwardColumns(x, xo, k, ko, taps, dy, o, dx, dk, 0, len);
        }

        /** {@link #pixel} for the channels {@code [from, to)} only. */
        public static void pixelColumns(float[] x, int[] xo, float[] k, int[] ko, int taps, float[] out, int o,
                                        int from, int to) {
            for (int c = from; c < to; c++) {
                float s = 0f;
                for (int t = 0; t < taps; t++) {
                    s += x[xo[t] + c] * k[ko[t] + c];
                }
                out[o + c] = s;
            }
        }

        /** {@link #pixelBackward} for the channels {@code [from, to)} only. */
        public static void pixelBackwardColumns(float[] x, int[] xo, float[] k, int[] ko, int taps, float[] dy, int o,
                                                float[] dx, float[] dk, int from, int to) {
            for (int t = 0; t < taps; t++) {
                int xt = xo[t];
                int kt = ko[t];
                for (int c = from; c < to; c++) {
                    float d = dy[o + c];
                    if (dx != null) {
                        dx[xt + c] += d * k[kt + c];
                    }
                    if (dk != null) {
                        dk[kt + c] += x[xt + c] * d;
                    }
                }
            }
        }
    }

    /** Holds the choice, made at first use. */
    final class Chosen {
        private Chosen() {
        }

        static final DepthwiseLanes IN_USE = choose();

        private static DepthwiseLanes choose() {
            DepthwiseLanes vector = Kernels.loadVector(DepthwiseLanes.class,
                    "io.cambium.tensor.kernels.vector.VectorDepthwiseLanes", "depthwise convolution", "scalar loops");
            return vector != null ? vector : new Scalar();
        }
    }
}
