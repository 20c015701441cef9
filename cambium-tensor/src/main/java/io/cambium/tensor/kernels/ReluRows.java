package io.cambium.tensor.kernels;

/**
 * The row loop of the bias/ReLU backward pass of convolutions: over rows [r0, r1) of a matrix
 * [rows, cout], {@code dz = out > 0 ? dy : +0} (NaN in {@code out} gives +0) and, when {@code acc}
 * is not null, the column sums of {@code dz} added to {@code acc} row by row in order. Chosen
 * once: the Vector API implementation when {@link Kernels#vectorAvailable()}; both give the same
 * bits.
 */
public interface ReluRows {
    /** One block of rows; {@code dz} may be {@code dy} only when {@code relu} is false. */
    void backward(float[] out, float[] dy, float[] dz, float[] acc, int cout, int r0, int r1, boolean relu);

    /** The implementation in use. */
    static ReluRows inUse() {
        return Chosen.IN_USE;
    }

    /** Plain Java. */
    final class Scalar implements ReluRows {
        @Override
        public void backward(float[] out, float[] dy, float[] dz, float[] acc, int cout, int r0, int r1,
                             boolean relu) {
            columns(out, dy, dz, acc, cout, r0, r1, relu, 0, cout);
        }

        /** {@link #backward} for columns {@code [from, to)} only. */
        public static void columns(float[] out, float[] dy, float[] dz, float[] acc, int cout, int r0, int r1,
                                   boolean relu, int from, int to) {
            for (int o = r0 * cout; o < r1 * cout; o += cout) {
                for (int c = from; c < to; c++) {
                    float v = relu ? FloatMath.keep(out[o + c] > 0f, dy[o + c]) : dy[o + c];
                    if (relu) {
                        dz[o + c] = v;
                    }
                    if (acc != null) {
                        acc[c] += v;
                    }
                }
            }
        }
    }

    /** Holds the choice, made at first use. */
    final class Chosen {
        private Chosen() {
        }

        static final ReluRows IN_USE = choose();

        private static ReluRows choose() {
            ReluRows vector = Kernels.loadVector(ReluRows.class, "io.cambium.tensor.kernels.vector.VectorReluRows",
                    "ReLU rows", "scalar loops");
            return vector != null ? vector : new Scalar();
        }
    }
}
