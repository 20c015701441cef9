package io.cambium.tensor.kernels;

/** {@link ScalarGemm} against the GEMM contract. */
class ScalarGemmTest extends GemmContract {
    private final Gemm gemm = new ScalarGemm();

    @Override
    Gemm gemm() {
        return gemm;
    }
}
