package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.CpuInfo;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;

/**
 * Which register shape the GEMM's micro-kernel has, chosen once per JVM for the vector width and
 * register count of the machine (see docs/decisions/gemm-kernel.md):
 * <ul>
 *   <li>{@link #AVX2}: vectors of up to 256 bits and 16 vector registers (AVX2 + FMA): a tile of
 *       6 rows by 2 vectors (12 accumulators);</li>
 *   <li>{@link #AVX512}: 512-bit vectors and 32 vector registers (AVX-512): a tile of 14 rows by 2
 *       vectors (28 accumulators).</li>
 * </ul>
 * The system property {@code cambium.gemm} ({@code auto}, {@code avx2} or {@code avx512}) forces
 * one; {@code avx512} is honoured only where the JVM compiles 512-bit vectors. Both shapes give
 * the same bits: each element of C is the same sequence of fused multiply-adds in either.
 */
public enum GemmShape {
    /** 6 x 2 vectors of up to 256 bits: fits 16 vector registers. */
    AVX2(6),
    /** 14 x 2 vectors of 512 bits: fits 32 vector registers. */
    AVX512(14);

    /** The shape the GEMM of this JVM uses. */
    static final GemmShape IN_USE;

    static {
        Choice c = choose(System.getProperty("cambium.gemm"), FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                CpuInfo.current());
        if (c.warning() != null) {
            System.err.println("cambium: " + c.warning());
        }
        IN_USE = c.shape();
    }

    private final int rows;

    GemmShape(int rows) {
        this.rows = rows;
    }

    /** Rows of the register tile. */
    public int rows() {
        return rows;
    }

    /** The shape the GEMM of this JVM uses. */
    public static GemmShape inUse() {
        return IN_USE;
    }

    /** A shape, why, and a warning when a forced setting could not be honoured (else null). */
    record Choice(GemmShape shape, String reason, String warning) {
    }

    /**
     * The shape for the setting {@code setting} ({@code cambium.gemm}: null, {@code auto},
     * {@code avx2} or {@code avx512}), a JVM whose preferred vectors have {@code preferredBits}, on
     * {@code cpu}. Automatic: AVX-512 when the JVM compiles 512-bit vectors and the processor (if
     * known) lists avx512f, else AVX2.
     */
    static Choice choose(String setting, int preferredBits, CpuInfo cpu) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        boolean wideVectors = preferredBits >= 512;
        boolean cpuAgrees = !cpu.known() || cpu.has("avx512f");
        switch (s) {
            case "avx2":
                return new Choice(AVX2, "cambium.gemm=avx2", null);
            case "avx512":
                if (wideVectors) {
                    return new Choice(AVX512, "cambium.gemm=avx512", null);
                }
                return new Choice(AVX2, "cambium.gemm=avx512 not possible",
                        "cambium.gemm=avx512 needs 512-bit vectors, but this JVM's preferred vectors have "
                                + preferredBits + " bits; using the avx2 GEMM");
            case "auto":
                break;
            default:
                Choice auto = choose("auto", preferredBits, cpu);
                return new Choice(auto.shape(), auto.reason(), "cambium.gemm='" + setting
                        + "' is not one of auto, avx2, avx512; using " + auto.shape().label());
        }
        if (wideVectors && cpuAgrees) {
            return new Choice(AVX512, "auto: " + preferredBits + "-bit vectors"
                    + (cpu.known() ? ", avx512f" : ""), null);
        }
        return new Choice(AVX2, "auto: " + preferredBits + "-bit vectors"
                + (wideVectors ? " but no avx512f in the CPU flags" : ""), null);
    }

    /** The setting's name for this shape: {@code avx2} or {@code avx512}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
