package io.cambium.tensor.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.kernels.CpuInfo;
import org.junit.jupiter.api.Test;

/** The choice of the GEMM's register shape (needs {@code --add-modules jdk.incubator.vector}). */
class GemmShapeTest {
    private static final CpuInfo XEON = CpuInfo.parse("model name: Xeon\nflags: avx avx2 fma avx512f\n");
    private static final CpuInfo ZEN3 = CpuInfo.parse("model name: EPYC\nflags: avx avx2 fma\n");
    private static final CpuInfo UNKNOWN = CpuInfo.parse("");

    @Test
    void automaticallyTheWideShapeNeedsWideVectorsAndAnAvx512Cpu() {
        assertThat(GemmShape.choose(null, 512, XEON).shape()).isEqualTo(GemmShape.AVX512);
        assertThat(GemmShape.choose("auto", 512, UNKNOWN).shape()).isEqualTo(GemmShape.AVX512);
        assertThat(GemmShape.choose(null, 256, ZEN3).shape()).isEqualTo(GemmShape.AVX2);
        // A JVM told to use 256-bit vectors on an AVX-512 machine (-XX:UseAVX=2) has 16 registers.
        assertThat(GemmShape.choose(null, 256, XEON).shape()).isEqualTo(GemmShape.AVX2);
        GemmShape.Choice odd = GemmShape.choose(null, 512, ZEN3);
        assertThat(odd.shape()).isEqualTo(GemmShape.AVX2);
        assertThat(odd.reason()).contains("no avx512f");
        assertThat(GemmShape.choose(null, 512, XEON).warning()).isNull();
    }

    @Test
    void aForcedShapeIsHonouredWhereTheJvmCanAndSaysWhyNotElsewhere() {
        assertThat(GemmShape.choose("avx2", 512, XEON).shape()).isEqualTo(GemmShape.AVX2);
        assertThat(GemmShape.choose(" AVX512 ", 512, ZEN3).shape()).isEqualTo(GemmShape.AVX512);
        GemmShape.Choice refused = GemmShape.choose("avx512", 256, ZEN3);
        assertThat(refused.shape()).isEqualTo(GemmShape.AVX2);
        assertThat(refused.warning()).contains("needs 512-bit vectors").contains("256 bits");
        GemmShape.Choice typo = GemmShape.choose("avx1024", 512, XEON);
        assertThat(typo.shape()).isEqualTo(GemmShape.AVX512);
        assertThat(typo.warning()).contains("'avx1024' is not one of auto, avx2, avx512");
        assertThat(GemmShape.AVX2.rows()).isEqualTo(6);
        assertThat(GemmShape.AVX512.rows()).isEqualTo(14);
    }
}
