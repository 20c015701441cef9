package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.kernels.vector.VectorGemm;
import io.cambium.tensor.random.Rng;
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
     * Every element of C is the contract's sequence of operations, bit for bit, whatever the
     * register shape ({@code cambium.gemm}), path (few rows, A in place, packed tiles with edges)
     * and thread count: per k block of {@link VectorGemm#kBlock()}, a chain of fused multiply-adds
     * from zero, times alpha, added to C (scaled by beta before the first block).
     */
    @Test
    void everyShapeAndPathGivesTheBitsOfTheBlockedFmaChains() {
        int before = Parallel.threads();
        int kc = VectorGemm.kBlock();
        // m around the 6- and 14-row tiles and the few-rows path, n around 16 and 32 columns (the
        // unpacked path up to 2 tiles of columns), k across the k blocks.
        int[][] shapes = {{1, 70, 300}, {3, 33, 2 * kc + 7}, {5, 17, 40}, {15, 65, 300}, {29, 130, kc},
            {130, 31, kc + 1}, {43, 200, 2 * kc + 3}, {200, 96, 64}};
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 1f}, {-1.5f, 0.25f}};
        try {
            long seed = 7700;
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    float[] ab = alphaBeta[t % alphaBeta.length];
                    Problem pr = new Problem(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 2);
                    float[] want = blockedFmaChains(pr, ab[0], ab[1], kc);
                    for (int threads = 1; threads <= 2; threads++) {
                        Parallel.setThreads(threads);
                        assertThat(pr.run(gemm, ab[0], ab[1], false))
                                .as("%s m=%d n=%d k=%d ta=%s tb=%s alpha=%s beta=%s threads=%d", gemm.name(), s[0], s[1],
                                        s[2], pr.ta, pr.tb, ab[0], ab[1], threads)
                                .isEqualTo(want);
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** The contract's operations one element at a time, in plain Java. */
    private static float[] blockedFmaChains(Problem pr, float alpha, float beta, int kc) {
        float[] c = pr.c.clone();
        for (int i = 0; i < pr.m; i++) {
            for (int j = 0; j < pr.n; j++) {
                int ci = pr.cOff + i * pr.ldc + j;
                float v = c[ci];
                for (int p0 = 0; p0 < pr.k; p0 += kc) {
                    float acc = 0f;
                    for (int p = p0; p < Math.min(pr.k, p0 + kc); p++) {
                        acc = Math.fma(pr.a(i, p), pr.b(p, j), acc);
                    }
                    if (alpha != 1f) {
                        acc *= alpha;
                    }
                    if (p0 == 0) {
                        v = beta == 0f ? acc : (beta == 1f ? v : v * beta) + acc;
                    } else {
                        v = v + acc;
                    }
                }
                c[ci] = v;
            }
        }
        return c;
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

    /**
     * A multiply too large to pack at once (two row groups and two column groups of the packed
     * buffers) is right, gives the same bits at one and two threads, and gives them too when two
     * such multiplies run inside the tasks of the shared pool (the nested call must not wait for
     * a pool thread that is busy with its caller).
     */
    @Test
    void packingGroupsAndCallsFromPoolTasks() {
        int before = Parallel.threads();
        int m = 130;
        int n = 256;
        int k = 8200;
        Rng rng = new Rng(4242);
        float[] b = new float[k * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        try {
            for (boolean ta : new boolean[] {false, true}) {
                float[] a = new float[m * k];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rng.nextGaussian();
                }
                int lda = ta ? m : k;
                float[] want = new float[m * n];
                new ScalarGemm().sgemm(ta, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, want, 0, n);
                Parallel.setThreads(1);
                float[] one = new float[m * n];
                gemm.sgemm(ta, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, one, 0, n);
                // Entries are ~N(0, k) (|C| up to ~400): float rounding over 8200 terms in another
                // order stays below 0.02; a misplaced block or tile would be off by ~90.
                for (int i = 0; i < one.length; i++) {
                    assertThat((double) one[i]).as("ta=%s C[%d]", ta, i).isCloseTo(want[i], within(0.02));
                }
                Parallel.setThreads(2);
                float[] two = new float[m * n];
                gemm.sgemm(ta, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, two, 0, n);
                assertThat(two).as("ta=%s 2 threads vs 1", ta).isEqualTo(one);
                float[][] nested = new float[2][m * n];
                Parallel.tasks(2, w -> gemm.sgemm(ta, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, nested[w], 0, n));
                assertThat(nested[0]).as("ta=%s inside pool task 0", ta).isEqualTo(one);
                assertThat(nested[1]).as("ta=%s inside pool task 1", ta).isEqualTo(one);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
