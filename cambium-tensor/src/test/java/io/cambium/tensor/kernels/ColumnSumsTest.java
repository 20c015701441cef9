package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Column sums in double: one chain of additions per column, rows in order, bit for bit. */
class ColumnSumsTest {
    @ParameterizedTest
    @CsvSource({"1, 0, 1", "7, 0, 7", "8, 0, 8", "37, 0, 37", "64, 3, 61", "67, 1, 66", "130, 16, 129"})
    void eachColumnIsTheRowOrderChainOfDoubleAdditions(int cols, int c0, int c1) {
        Rng rng = new Rng(cols * 31L + c0);
        int rows = 23;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            // Magnitudes from 1e-6 to 1e6: sums whose rounding depends on the order of additions.
            x[i] = (float) (rng.nextGaussian() * Math.pow(10, (int) (rng.nextDouble() * 13) - 6));
        }
        double[] acc = new double[c1 - c0];
        for (int c = 0; c < acc.length; c++) {
            acc[c] = rng.nextGaussian();
        }
        double[] init = acc.clone();
        // Rows 2..20 only: the others must not count.
        ColumnSums.add(x, cols, 2, 21, c0, c1, acc);
        for (int c = c0; c < c1; c++) {
            double expected = init[c - c0];
            for (int r = 2; r < 21; r++) {
                expected += x[r * cols + c];
            }
            assertThat(Double.doubleToRawLongBits(acc[c - c0])).as("column " + c)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }
}
