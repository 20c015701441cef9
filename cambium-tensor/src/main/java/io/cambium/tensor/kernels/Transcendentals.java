package io.cambium.tensor.kernels;

/** Chooses the {@link TranscendentalKernels} once, at first use. */
final class Transcendentals {
    private Transcendentals() {
    }

    /** The implementation in use: the Vector API one when {@link Kernels#vectorAvailable()}. */
    static final TranscendentalKernels IN_USE = choose();

    private static TranscendentalKernels choose() {
        TranscendentalKernels vector = Kernels.loadVector(TranscendentalKernels.class,
                "io.cambium.tensor.kernels.vector.VectorTranscendentals", "transcendentals", "scalar loops");
        return vector != null ? vector : new ScalarTranscendentals();
    }
}
