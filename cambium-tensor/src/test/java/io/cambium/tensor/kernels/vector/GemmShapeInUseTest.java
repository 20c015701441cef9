package io.cambium.tensor.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The shape this JVM's GEMM uses is the one {@code cambium.gemm} asks for: the build runs the GEMM
 * tests once more for each forced shape ({@code avx2} everywhere, {@code avx512} where the JVM
 * compiles 512-bit vectors), so both are tested on every machine that can run them.
 */
class GemmShapeInUseTest {
    @Test
    void theForcedOrAutomaticShapeIsTheOneInUse() {
        String setting = System.getProperty("cambium.gemm", "auto");
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        if (setting.equals("avx512")) {
            assumeTrue(preferred >= 512, "this JVM's vectors have " + preferred + " bits: the avx512 GEMM cannot run here");
        }
        GemmShape want = setting.equals("auto") ? GemmShape.choose("auto", preferred, io.cambium.tensor.kernels.CpuInfo.current()).shape()
                : GemmShape.valueOf(setting.toUpperCase(java.util.Locale.ROOT));
        assertThat(VectorGemm.SHAPE).as("cambium.gemm=%s", setting).isEqualTo(want);
        assertThat(VectorGemm.MR).isEqualTo(want.rows());
        assertThat(VectorGemm.S.vectorBitSize()).isEqualTo(want == GemmShape.AVX512 ? 512 : Math.min(256, preferred));
        assertThat(VectorGemm.NR).isEqualTo(2 * VectorGemm.L).isEqualTo(2 * VectorGemm.AS);
        assertThat(VectorGemm.MC % VectorGemm.MR).isZero();
    }
}
