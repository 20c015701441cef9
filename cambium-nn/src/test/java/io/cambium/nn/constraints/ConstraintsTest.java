package io.cambium.nn.constraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConstraintsTest {
    private static double colNorm(Tensor w, int col) {
        int rows = w.dim(0);
        int cols = w.dim(1);
        double s = 0;
        for (int r = 0; r < rows; r++) {
            float v = w.data()[r * cols + col];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void maxNormScalesOnlyLongColumns() {
        // Column 0 has norm 5, column 1 norm 1.
        Tensor w = Tensor.of(new float[][] {{3, 1}, {4, 0}});
        new MaxNorm(2, 0).apply(w);
        assertThat(colNorm(w, 0)).isCloseTo(2, within(1e-5));
        assertThat(w.data()[0]).isCloseTo(1.2f, within(1e-5f));
        assertThat(w.data()[1]).isCloseTo(1f, within(1e-5f));
        assertThat(w.data()[3]).isEqualTo(0f);
    }

    @Test
    void maxNormOverRowsAndConvAxes() {
        Tensor w = Tensor.of(new float[][] {{3, 4}, {0.3f, 0.4f}});
        new MaxNorm(1, 1).apply(w);
        assertThat(w.data()).containsExactly(new float[] {0.6f, 0.8f, 0.3f, 0.4f}, within(1e-5f));
        Tensor k = Tensor.full(1f, 3, 3, 2, 4);
        new MaxNorm(3, 0, 1, 2).apply(k);
        // Each output filter has 18 ones (norm sqrt(18) > 3) and is scaled to norm 3.
        for (float v : k.data()) {
            assertThat(v).isCloseTo((float) (3 / Math.sqrt(18)), within(1e-5f));
        }
    }

    @Test
    void unitNormAndMinMaxNorm() {
        Tensor w = Tensor.of(new float[][] {{3, 0.1f}, {4, 0}});
        new UnitNorm(0).apply(w);
        assertThat(colNorm(w, 0)).isCloseTo(1, within(1e-5));
        assertThat(colNorm(w, 1)).isCloseTo(1, within(1e-5));
        Tensor m = Tensor.of(new float[][] {{3, 0.1f}, {4, 0}});
        new MinMaxNorm(0.5, 2, 1, 0).apply(m);
        assertThat(colNorm(m, 0)).isCloseTo(2, within(1e-5));
        assertThat(colNorm(m, 1)).isCloseTo(0.5, within(1e-5));
        Tensor half = Tensor.of(new float[][] {{3, 0.1f}, {4, 0}});
        new MinMaxNorm(0, 1, 0.5, 0).apply(half);
        // Halfway between 5 and the bound 1.
        assertThat(colNorm(half, 0)).isCloseTo(3, within(1e-5));
    }

    @Test
    void nonNegZeroesNegatives() {
        Tensor w = Tensor.of(new float[] {-1, 2, -0.5f, 0});
        new NonNeg().apply(w);
        assertThat(w.data()).containsExactly(0, 2, 0, 0);
    }
}
