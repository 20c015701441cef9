package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The max-pool gradient routing: the rule itself, and the Vector API lanes against the scalar loop. */
class MaxRoutingTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, 2.5f};

    private static MaxRouting vector() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (MaxRouting) Class.forName("io.cambium.tensor.kernels.vector.VectorMaxRouting")
                .getDeclaredConstructor().newInstance();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 16, 33, 64})
    void vectorLanesGiveTheScalarBits(int c) throws ReflectiveOperationException {
        MaxRouting v = vector();
        MaxRouting s = new MaxRouting.Scalar();
        Rng rng = new Rng(c);
        int off = 3;
        float[] x = new float[off + c];
        float[] y = new float[off + c];
        float[] rest = new float[c];
        for (int j = 0; j < c; j++) {
            x[off + j] = SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)];
            // Half the channels hold this cell's value as the maximum (or the other zero).
            y[off + j] = rng.nextDouble() < 0.5 ? (x[off + j] == 0f ? -x[off + j] : x[off + j])
                    : SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)];
            rest[j] = (float) rng.nextGaussian();
        }
        float[] dxS = new float[off + c];
        float[] dxV = new float[off + c];
        for (int j = 0; j < dxS.length; j++) {
            dxS[j] = dxV[j] = (float) rng.nextGaussian();
        }
        float[] restS = rest.clone();
        float[] restV = rest.clone();
        s.route(x, off, y, off, restS, dxS, c);
        v.route(x, off, y, off, restV, dxV, c);
        assertThat(bits(dxV)).isEqualTo(bits(dxS));
        assertThat(bits(restV)).isEqualTo(bits(restS));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theFirstMatchingCellTakesTheGradientOnce(int useVector) throws ReflectiveOperationException {
        MaxRouting r = useVector == 1 ? vector() : new MaxRouting.Scalar();
        float[] window = {3f, 5f, 5f, -0f};
        float[] max = {5f};
        float[] rest = {2f};
        float[] dx = new float[window.length];
        for (int cell = 0; cell < window.length; cell++) {
            r.route(window, cell, max, 0, rest, dx, 1);
        }
        assertThat(dx).containsExactly(0f, 2f, 0f, 0f);
        assertThat(rest).containsExactly(0f);
        float[] zeros = {-0f};
        float[] zeroMax = {0f};
        float[] held = {1.5f};
        float[] dz = new float[1];
        r.route(zeros, 0, zeroMax, 0, held, dz, 1);
        assertThat(dz).containsExactly(1.5f);
    }

    /** Whole 2x2 windows: the same bits as routing cell by cell into a zero gradient, lanes and tail. */
    @ParameterizedTest
    @ValueSource(ints = {1, 8, 9, 19, 64})
    void wholeWindowsGiveTheCellByCellBits(int c) throws ReflectiveOperationException {
        Rng rng = new Rng(100 + c);
        // Four cells of c channels at offsets 1, 1 + c, 1 + 2c + 2, 1 + 3c + 2 (a gap between the rows).
        int[] cell = {1, 1 + c, 1 + 2 * c + 2, 1 + 3 * c + 2};
        float[] x = new float[cell[3] + c + 1];
        float[] y = new float[c + 2];
        float[] dy = new float[c + 2];
        for (int j = 0; j < c; j++) {
            for (int t = 0; t < 4; t++) {
                x[cell[t] + j] = SPECIAL[(int) (rng.nextDouble() * SPECIAL.length)];
            }
            // The maximum is one of the cells' values (or the other zero), so that some cell matches.
            float m = x[cell[(int) (rng.nextDouble() * 4)] + j];
            y[2 + j] = m == 0f && rng.nextDouble() < 0.5 ? -m : m;
            dy[2 + j] = rng.nextDouble() < 0.1 ? -0f : (float) rng.nextGaussian();
        }
        float[] expected = new float[x.length];
        float[] rest = new float[c];
        System.arraycopy(dy, 2, rest, 0, c);
        MaxRouting.Scalar cellByCell = new MaxRouting.Scalar();
        for (int t = 0; t < 4; t++) {
            cellByCell.route(x, cell[t], y, 2, rest, expected, c);
        }
        for (MaxRouting r : new MaxRouting[] {new MaxRouting.Scalar(), vector()}) {
            float[] dx = new float[x.length];
            java.util.Arrays.fill(dx, 7f);
            for (int t = 0; t < 4; t++) {
                java.util.Arrays.fill(dx, cell[t], cell[t] + c, Float.NaN);
            }
            r.route2x2(x, cell[0], cell[1], cell[2], cell[3], y, dy, 2, dx, c);
            for (int t = 0; t < 4; t++) {
                for (int j = 0; j < c; j++) {
                    assertThat(Float.floatToRawIntBits(dx[cell[t] + j])).as(r + " cell " + t + " channel " + j)
                            .isEqualTo(Float.floatToRawIntBits(expected[cell[t] + j]));
                }
            }
            assertThat(dx[0]).as("outside the cells").isEqualTo(7f);
            assertThat(dx[cell[1] + c]).as("between the rows").isEqualTo(7f);
        }
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
