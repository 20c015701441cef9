package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Small products, plain and Vector API, against a double-precision reference: with A plain and
 * transposed, register blocks and every kind of tail, leaving the rest of C alone.
 */
class SmallProductTest {
    private static SmallProduct vector() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (SmallProduct) Class.forName("io.cambium.tensor.kernels.vector.VectorSmallProduct")
                .getDeclaredConstructor().newInstance();
    }

    private static float[] random(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static void check(SmallProduct sp) {
        Rng rng = new Rng(11);
        int[][] shapes = {{1, 1, 1}, {4, 16, 3}, {5, 17, 7}, {9, 40, 32}, {32, 128, 32}, {3, 9, 1}, {7, 3, 70},
            {8, 32, 5}, {17, 70, 33}, {16, 48, 9}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean transposed : new boolean[] {false, true}) {
                int lda = (transposed ? m : k) + 3;
                int ldb = n + 5;
                int ldc = n + 2;
                float[] a = random(rng, (transposed ? k : m) * lda + 2);
                float[] b = random(rng, k * ldb + 1);
                float[] c = random(rng, m * ldc + 4);
                float[] before = c.clone();
                int ars = transposed ? 1 : lda;
                int acs = transposed ? lda : 1;
                sp.product(m, n, k, 0.7f, a, 2, ars, acs, b, 1, ldb, c, 4, ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < ldc; j++) {
                        int at = 4 + i * ldc + j;
                        if (j >= n) {
                            assertThat(c[at]).as("outside C").isEqualTo(before[at]);
                            continue;
                        }
                        double ref = 0;
                        for (int p = 0; p < k; p++) {
                            ref += (double) a[2 + i * ars + p * acs] * b[1 + p * ldb + j];
                        }
                        ref *= 0.7;
                        assertThat((double) c[at]).as("%s m=%d n=%d k=%d t=%s (%d, %d)", sp.getClass().getSimpleName(),
                                m, n, k, transposed, i, j).isCloseTo(ref, within(1e-5 * (1 + Math.sqrt(k))));
                    }
                }
            }
        }
    }

    @Test
    void scalarMatchesTheReference() {
        check(new ScalarSmallProduct());
    }

    @Test
    void vectorMatchesTheReference() throws ReflectiveOperationException {
        check(vector());
    }

    /**
     * Every element is alpha times a chain of fused multiply-adds over p, bit for bit, whatever
     * register block (8, 6 or 4 rows, 2 or 1 vectors, scalar tails) computes it.
     */
    @Test
    void everyBlockGivesTheBitsOfTheFmaChain() throws ReflectiveOperationException {
        SmallProduct sp = vector();
        Rng rng = new Rng(12);
        // Rows mod 6 of every kind (6-row blocks leave 0-5 rows to 4-row blocks and single rows),
        // and 6-row blocks with columns past the last pair of vectors.
        int[][] shapes = {{32, 128, 32}, {13, 37, 20}, {8, 16, 64}, {25, 96, 3}, {1, 50, 9}, {6, 19, 4},
            {9, 40, 7}, {10, 24, 6}, {11, 20, 5}, {12, 33, 2}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean transposed : new boolean[] {false, true}) {
                int lda = (transposed ? m : k) + 1;
                int ldb = n + 3;
                float[] a = random(rng, (transposed ? k : m) * lda);
                float[] b = random(rng, k * ldb);
                float[] c = new float[m * n];
                int ars = transposed ? 1 : lda;
                int acs = transposed ? lda : 1;
                sp.product(m, n, k, 0.3f, a, 0, ars, acs, b, 0, ldb, c, 0, n);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float acc = 0f;
                        for (int p = 0; p < k; p++) {
                            acc = Math.fma(a[i * ars + p * acs], b[p * ldb + j], acc);
                        }
                        assertThat(c[i * n + j]).as("m=%d n=%d k=%d t=%s (%d, %d)", m, n, k, transposed, i, j)
                                .isEqualTo(0.3f * acc);
                    }
                }
            }
        }
    }
}
