package io.cambium.tensor.kernels;

import io.cambium.tensor.kernels.vector.VectorGemm;

/** {@link VectorGemm} against the GEMM contract (needs {@code --add-modules jdk.incubator.vector}). */
class VectorGemmTest extends GemmContract {
    private final Gemm gemm = new VectorGemm();

    @Override
    Gemm gemm() {
        return gemm;
    }
}
