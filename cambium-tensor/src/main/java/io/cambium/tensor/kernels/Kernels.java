package io.cambium.tensor.kernels;

/**
 * The kernel implementations chosen at start-up. The Vector API implementations are used when
 * the {@code jdk.incubator.vector} module is present and the system property
 * {@code cambium.vector} is not {@code false}; otherwise the plain-Java fallbacks are.
 */
public final class Kernels {
    private static volatile Gemm gemm = new ScalarGemm();

    private Kernels() {
    }

    /** The GEMM in use. */
    public static Gemm gemm() {
        return gemm;
    }

    /** Replaces the GEMM in use (for tests and benchmarks that compare implementations). */
    public static void setGemm(Gemm g) {
        gemm = g;
    }
}
