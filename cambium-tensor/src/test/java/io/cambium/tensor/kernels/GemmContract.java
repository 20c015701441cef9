package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Gemm} must meet, checked against a double-precision triple loop:
 * shapes with edges, all transposes, alpha/beta, offsets and leading dimensions, and results
 * that do not depend on the thread count.
 */
abstract class GemmContract {
    private static final int[] SIZES = {1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 31, 65};

    /** The implementation under test. */
    abstract Gemm gemm();

    /** One problem: op(A) m-by-k, op(B) k-by-n, with padding around every matrix. */
    static final class Problem {
        final boolean ta;
        final boolean tb;
        final int m;
        final int n;
        final int k;
        final int aOff;
        final int lda;
        final int bOff;
        final int ldb;
        final int cOff;
        final int ldc;
        final float[] a;
        final float[] b;
        final float[] c;

        Problem(long seed, boolean ta, boolean tb, int m, int n, int k, int pad) {
            this.ta = ta;
            this.tb = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            Rng rng = new Rng(seed);
            int aRows = ta ? k : m;
            int aCols = ta ? m : k;
            int bRows = tb ? n : k;
            int bCols = tb ? k : n;
            lda = aCols + pad;
            ldb = bCols + pad;
            ldc = n + pad;
            aOff = pad * 3;
            bOff = pad * 5;
            cOff = pad * 7;
            a = new float[aOff + aRows * lda + pad];
            b = new float[bOff + bRows * ldb + pad];
            c = new float[cOff + m * ldc + pad];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) rng.nextGaussian();
            }
        }

        float a(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float b(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        /** The expected C (whole array, padding untouched) and a per-element error bound. */
        double[][] expected(float alpha, float beta) {
            double[] want = new double[c.length];
            double[] bound = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                want[i] = c[i];
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double t = (double) a(i, p) * b(p, j);
                        s += t;
                        abs += Math.abs(t);
                    }
                    int ci = cOff + i * ldc + j;
                    double old = beta == 0f ? 0 : (double) beta * c[ci];
                    want[ci] = alpha * s + old;
                    bound[ci] = 1e-6 * (k + 4) * (Math.abs(alpha) * abs + Math.abs(old)) + 1e-30;
                }
            }
            return new double[][] {want, bound};
        }

        float[] run(Gemm g, float alpha, float beta, boolean serial) {
            float[] out = c.clone();
            if (serial) {
                g.sgemmSerial(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            } else {
                g.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            }
            return out;
        }
    }

    static void assertClose(Problem pr, float[] got, double[][] exp, String what) {
        double[] want = exp[0];
        double[] bound = exp[1];
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - want[i]);
            if (!(err <= bound[i]) && !(bound[i] == 0 && got[i] == (float) want[i])) {
                int r = (i - pr.cOff) / pr.ldc;
                int col = (i - pr.cOff) % pr.ldc;
                throw new AssertionError(what + ": C[" + r + "," + col + "] (index " + i + ") = " + got[i]
                        + ", expected " + want[i] + " (bound " + bound[i] + ")");
            }
        }
    }

    private void check(long seed, boolean ta, boolean tb, int m, int n, int k, int pad, float alpha, float beta) {
        Problem pr = new Problem(seed, ta, tb, m, n, k, pad);
        String what = gemm().name() + " ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                + " pad=" + pad + " alpha=" + alpha + " beta=" + beta;
        double[][] exp = pr.expected(alpha, beta);
        assertClose(pr, pr.run(gemm(), alpha, beta, false), exp, what);
        assertClose(pr, pr.run(gemm(), alpha, beta, true), exp, what + " serial");
    }

    @Test
    void smallShapesAllTransposes() {
        long seed = 1;
        for (int m : SIZES) {
            for (int n : SIZES) {
                int k = SIZES[(m * 7 + n * 3) % SIZES.length];
                for (int t = 0; t < 4; t++) {
                    check(seed++, (t & 1) != 0, (t & 2) != 0, m, n, k, (m + n) % 3, 1f, 0f);
                }
            }
        }
    }

    @Test
    void everyDepth() {
        for (int k = 1; k <= 17; k++) {
            check(100 + k, false, false, 6, 19, k, 1, 1f, 0f);
            check(200 + k, true, true, 5, 33, k, 0, 1f, 1f);
        }
    }

    @Test
    void oneByOneByOne() {
        for (int t = 0; t < 4; t++) {
            check(7 + t, (t & 1) != 0, (t & 2) != 0, 1, 1, 1, 0, 1f, 0f);
            check(9 + t, (t & 1) != 0, (t & 2) != 0, 1, 1, 1, 2, -2f, 0.5f);
        }
    }

    @Test
    void largerShapesCrossBlockBoundaries() {
        // k = 300 crosses a k-block of 256; 130 and 65 leave edge tiles in both dimensions.
        int[][] shapes = {{130, 65, 300}, {65, 130, 31}, {300, 17, 130}, {31, 300, 65}, {4, 260, 3}, {257, 3, 9}};
        long seed = 500;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                check(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 3, 1f, 0f);
            }
        }
        check(seed++, false, false, 130, 130, 300, 0, 0.75f, -1.5f);
        check(seed, true, false, 65, 300, 300, 2, 1f, 1f);
    }

    @Test
    void alphaAndBeta() {
        float[][] ab = {{1f, 1f}, {2f, 0f}, {-0.5f, 1f}, {1f, -3f}, {0.25f, 0.5f}, {0f, 2f}, {0f, 0f}};
        long seed = 900;
        for (float[] x : ab) {
            for (int t = 0; t < 4; t++) {
                check(seed++, (t & 1) != 0, (t & 2) != 0, 13, 37, 29, 2, x[0], x[1]);
                check(seed++, (t & 1) != 0, (t & 2) != 0, 70, 40, 270, 1, x[0], x[1]);
            }
        }
    }

    @Test
    void zeroDepthScalesC() {
        Problem pr = new Problem(3, false, false, 5, 7, 0, 1);
        float[] got = pr.run(gemm(), 1f, 2f, false);
        for (int i = 0; i < pr.m; i++) {
            for (int j = 0; j < pr.n; j++) {
                int ci = pr.cOff + i * pr.ldc + j;
                assertThat(got[ci]).isEqualTo(2f * pr.c[ci]);
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        int[][] shapes = {{3, 5, 4}, {40, 70, 300}, {9, 33, 17}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                Problem pr = new Problem(77 + t, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 2);
                double[][] exp = pr.expected(1.5f, 0f);
                Arrays.fill(pr.c, Float.NaN);
                float[] got = pr.run(gemm(), 1.5f, 0f, false);
                for (int i = 0; i < pr.m; i++) {
                    for (int j = 0; j < pr.n; j++) {
                        int ci = pr.cOff + i * pr.ldc + j;
                        assertThat(Math.abs(got[ci] - exp[0][ci])).as("C[%d,%d]", i, j).isLessThanOrEqualTo(exp[1][ci]);
                    }
                }
                // Padding outside the m-by-n window is never written.
                assertThat(Float.isNaN(got[0])).isTrue();
                assertThat(Float.isNaN(got[got.length - 1])).isTrue();
            }
        }
    }

    @Test
    void sameBitsAtOneAndTwoThreadsAndSerial() {
        int before = Parallel.threads();
        int[][] shapes = {{300, 130, 300}, {130, 300, 65}, {1000, 20, 40}, {9, 700, 300}, {256, 256, 256}};
        try {
            long seed = 1300;
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    Problem pr = new Problem(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1);
                    Parallel.setThreads(1);
                    float[] one = pr.run(gemm(), 0.5f, 1f, false);
                    Parallel.setThreads(2);
                    float[] two = pr.run(gemm(), 0.5f, 1f, false);
                    float[] serial = pr.run(gemm(), 0.5f, 1f, true);
                    String what = gemm().name() + " " + Arrays.toString(s) + " t=" + t;
                    assertThat(two).as(what + " 2 threads vs 1").isEqualTo(one);
                    assertThat(serial).as(what + " serial vs 1 thread").isEqualTo(one);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
    @Test
    void transposedBGivesTheSameBitsAsBStoredTransposed() {
        // The KV cache relies on it: its keys are stored transposed so that a decoding step's
        // query-key product (one to a few rows) reads them in place, with the values the
        // transposed-B product gave.
        Rng rng = new Rng(1400);
        for (int m : new int[] {1, 2, 3, 4, 7, 33}) {
            for (int n : new int[] {1, 5, 17, 64, 100}) {
                for (int k : new int[] {8, 32, 65}) {
                    float[] a = gaussian(rng, m * k);
                    float[] b = gaussian(rng, n * k);
                    float[] bt = new float[k * n];
                    for (int j = 0; j < n; j++) {
                        for (int p = 0; p < k; p++) {
                            bt[p * n + j] = b[j * k + p];
                        }
                    }
                    float[] c1 = new float[m * n];
                    float[] c2 = new float[m * n];
                    gemm().sgemmSerial(false, true, m, n, k, 0.3f, a, 0, k, b, 0, k, 0f, c1, 0, n);
                    gemm().sgemmSerial(false, false, m, n, k, 0.3f, a, 0, k, bt, 0, n, 0f, c2, 0, n);
                    assertThat(c2).as(gemm().name() + " m=" + m + " n=" + n + " k=" + k).isEqualTo(c1);
                }
            }
        }
    }

    private static float[] gaussian(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    @Test
    void biasAndReluAreTheProductFollowedByTheTwoSteps() {
        // Bit for bit: sgemm (alpha 1, beta 0), then + bias[j], then max(., 0), whatever block
        // structure applies them; across k blocks (k = 300), few rows, edge tiles, offsets, and at
        // 1 and 2 threads. Padding outside C is never written.
        int before = Parallel.threads();
        int[][] shapes = {{1024, 64, 64}, {130, 65, 300}, {2, 40, 17}, {7, 1, 5}, {300, 130, 0}, {64, 200, 1024},
            {257, 129, 33}};
        try {
            long seed = 1700;
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    for (int mode = 0; mode < 3; mode++) {
                        Problem pr = new Problem(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 2);
                        float[] bias = mode == 2 ? null : new float[s[1]];
                        if (bias != null) {
                            Rng rng = new Rng(seed);
                            for (int j = 0; j < bias.length; j++) {
                                bias[j] = (float) rng.nextGaussian();
                            }
                        }
                        boolean relu = mode != 0;
                        float[] want = pr.run(gemm(), 1f, 0f, true);
                        Gemm.biasRelu(want, pr.cOff, pr.ldc, 0, pr.m, 0, pr.n, bias, relu);
                        for (int threads : new int[] {1, 2}) {
                            Parallel.setThreads(threads);
                            float[] got = pr.c.clone();
                            gemm().sgemmBiasRelu(pr.ta, pr.tb, pr.m, pr.n, pr.k, pr.a, pr.aOff, pr.lda, pr.b, pr.bOff,
                                    pr.ldb, bias, relu, got, pr.cOff, pr.ldc);
                            assertThat(got).as("%s %s t=%d mode=%d threads=%d", gemm().name(), Arrays.toString(s), t,
                                    mode, threads).isEqualTo(want);
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
