package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Kernel selection follows the {@code cambium.vector} property and the module's presence. */
class KernelsTest {
    @Test
    void choosesVectorKernelsUnlessDisabled() {
        boolean disabled = "false".equalsIgnoreCase(System.getProperty("cambium.vector"));
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(Kernels.vectorAvailable()).isEqualTo(module && !disabled);
        if (module && !disabled) {
            assertThat(Kernels.describe()).startsWith("vector(FloatVector ").containsPattern("-bit, GEMM avx(2 6|512 14)x")
                    .endsWith(")");
            assertThat(Kernels.gemm().getClass().getName()).isEqualTo("io.cambium.tensor.kernels.vector.VectorGemm");
        } else {
            assertThat(Kernels.describe()).isEqualTo("scalar");
            assertThat(Kernels.gemm()).isInstanceOf(ScalarGemm.class);
        }
    }

    @Test
    void setGemmReplacesTheKernel() {
        Gemm before = Kernels.gemm();
        try {
            ScalarGemm s = new ScalarGemm();
            Kernels.setGemm(s);
            assertThat(Kernels.gemm()).isSameAs(s);
        } finally {
            Kernels.setGemm(before);
        }
    }
}
