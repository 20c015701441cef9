package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    private static final String XEON = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu sse4_2 avx fma avx2 avx512f avx512bw amx_tile
            
            processor\t: 1
            model name\t: Another CPU
            flags\t\t: fpu
            """;

    @Test
    void theFirstProcessorsModelAndFlagsAreRead() {
        CpuInfo cpu = CpuInfo.parse(XEON);
        assertThat(cpu.model()).isEqualTo("Intel(R) Xeon(R) Processor");
        assertThat(cpu.known()).isTrue();
        assertThat(cpu.has("avx512f")).isTrue();
        assertThat(cpu.has("avx512")).isFalse();
        assertThat(cpu.vectorFlags()).isEqualTo("amx_tile avx512f avx2 fma avx sse4_2");
    }

    @Test
    void aZen3HasNoAvx512AndAnEmptyTextIsUnknown() {
        CpuInfo zen3 = CpuInfo.parse("model name\t: AMD EPYC 7B13 64-Core Processor\nflags\t: sse4_2 avx fma avx2\n");
        assertThat(zen3.has("avx512f")).isFalse();
        assertThat(zen3.vectorFlags()).isEqualTo("avx2 fma avx sse4_2");
        CpuInfo none = CpuInfo.parse("");
        assertThat(none.known()).isFalse();
        assertThat(none.model()).isNull();
        assertThat(none.vectorFlags()).isEqualTo("unknown");
    }

    @Test
    void thisMachinesProcessorIsReadWhereProcCpuinfoExists() {
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/cpuinfo"))) {
            assertThat(CpuInfo.current().known()).isTrue();
        }
    }
}
