package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.kernels.vector.VectorGemm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link VectorGemm} against the GEMM contract (needs {@code --add-modules jdk.incubator.vector}). */
class VectorGemmTest extends GemmContract {
    private final Gemm gemm = new VectorGemm();

    @Override
    Gemm gemm() {
        return gemm;
    }

    /**
     * One to three rows take the unpacked path; their rows must be the same bits as the same rows
     * of a taller multiply (packed path), at one and two threads, for both A layouts.
     */
    @Test
    void fewRowsGiveTheBitsOfThePackedPath() {
        int before = Parallel.threads();
        int[][] nk = {{512, 512}, {37, 300}, {5000, 70}, {16, 1}, {100, 513}};
        try {
            long seed = 4100;
            for (int[] s : nk) {
                for (boolean ta : new boolean[] {false, true}) {
                    Problem tall = new Problem(seed++, ta, false, 9, s[0], s[1], 2);
                    Parallel.setThreads(1);
                    float[] want = tall.run(gemm, 0.5f, 1f, false);
                    for (int m = 1; m <= 3; m++) {
                        // The first m rows of the tall problem as an m-row problem (same strides).
                        float[] c = tall.c.clone();
                        for (int threads = 1; threads <= 2; threads++) {
                            Parallel.setThreads(threads);
                            float[] got = c.clone();
                            gemm.sgemm(ta, false, m, s[0], s[1], 0.5f, tall.a, tall.aOff, tall.lda,
                                    tall.b, tall.bOff, tall.ldb, 1f, got, tall.cOff, tall.ldc);
                            int end = tall.cOff + m * tall.ldc;
                            assertThat(Arrays.copyOfRange(got, tall.cOff, end))
                                    .as("m=%d n=%d k=%d ta=%s threads=%d", m, s[0], s[1], ta, threads)
                                    .isEqualTo(Arrays.copyOfRange(want, tall.cOff, end));
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
