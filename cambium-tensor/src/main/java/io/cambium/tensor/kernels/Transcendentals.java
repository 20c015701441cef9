package io.cambium.tensor.kernels;

/** Chooses the {@link TranscendentalKernels} once, at first use. */
final class Transcendentals {
    private Transcendentals() {
    }

    /** The implementation in use: the Vector API one when {@link Kernels#vectorAvailable()}. */
    static final TranscendentalKernels IN_USE = choose();

    private static TranscendentalKernels choose() {
        if (Kernels.vectorAvailable()) {
            try {
                // By name, so that nothing referring to the incubator module loads without it.
                return (TranscendentalKernels) Class.forName("io.cambium.tensor.kernels.vector.VectorTranscendentals")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                System.err.println("cambium: Vector API transcendentals unavailable (" + e + "); using scalar loops");
            }
        }
        return new ScalarTranscendentals();
    }
}
