package io.cambium.tensor.kernels;

/**
 * Array loops for the exp-based functions, the compute-bound part of the elementwise kernels.
 * Implementations must give bitwise the same results as {@link FloatMath} (same operations in the
 * same order), so that switching implementations never changes a result.
 */
public interface TranscendentalKernels {
    /** out[o + j] = exp(x[xo + j] - shift) for j in [0, n). */
    void expShifted(float[] x, int xo, float shift, float[] out, int o, int n);

    /** out[o + j] = sigmoid(x[xo + j]). */
    void sigmoid(float[] x, int xo, float[] out, int o, int n);

    /** out[o + j] = tanh(x[xo + j]). */
    void tanh(float[] x, int xo, float[] out, int o, int n);

    /** The plain-Java loops over {@link FloatMath}. */
    final class Scalar implements TranscendentalKernels {
        @Override
        public void expShifted(float[] x, int xo, float shift, float[] out, int o, int n) {
            for (int j = 0; j < n; j++) {
                out[o + j] = FloatMath.exp(x[xo + j] - shift);
            }
        }

        @Override
        public void sigmoid(float[] x, int xo, float[] out, int o, int n) {
            for (int j = 0; j < n; j++) {
                out[o + j] = FloatMath.sigmoid(x[xo + j]);
            }
        }

        @Override
        public void tanh(float[] x, int xo, float[] out, int o, int n) {
            for (int j = 0; j < n; j++) {
                out[o + j] = FloatMath.tanh(x[xo + j]);
            }
        }
    }

    /** The implementation in use: the Vector API one when {@link Kernels#vectorAvailable()}. */
    static TranscendentalKernels get() {
        return Holder.INSTANCE;
    }

    /** Lazily chosen instance. */
    final class Holder {
        static final TranscendentalKernels INSTANCE = choose();

        private Holder() {
        }

        private static TranscendentalKernels choose() {
            if (Kernels.vectorAvailable()) {
                try {
                    // By name, so that nothing referring to the incubator module loads without it.
                    return (TranscendentalKernels) Class.forName(
                            "io.cambium.tensor.kernels.vector.VectorTranscendentals").getDeclaredConstructor()
                            .newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    System.err.println("cambium: Vector API transcendentals unavailable (" + e + ")");
                }
            }
            return new Scalar();
        }
    }
}
