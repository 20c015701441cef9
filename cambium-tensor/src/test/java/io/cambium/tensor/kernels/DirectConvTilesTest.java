package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The direct convolution's register tiles against a scalar loop of fused multiply-adds in kernel-row
 * order (the order the tiles promise, so the bits must match), for kernels read row by row and as
 * runs of consecutive taps, full and partial tiles, with and without bias and ReLU, in both forms;
 * and the kernel gradient of both forms against each other.
 */
class DirectConvTilesTest {
    /** The tiles in the given form (in-place tiles and run loops, or row by row through tmp). */
    private static DirectConv.Tiles tiles(boolean direct) throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (DirectConv.Tiles) Class.forName("io.cambium.tensor.kernels.vector.VectorDirectConv")
                .getDeclaredConstructor(boolean.class).newInstance(direct);
    }

    @ParameterizedTest
    @CsvSource({
        // runs, run length, pixels, panels, bias+relu, direct form
        "3, 3, 13, 2, true, true",     // short runs (a single-channel 3x3 kernel): the row-by-row tile
        "3, 48, 12, 1, true, true",    // long runs (3 taps x 16 channels): the run tile, full tiles only
        "3, 96, 17, 2, false, true",   // long runs, a partial last tile, no epilogue
        "2, 40, 5, 1, true, true",     // fewer pixels than a tile
        "3, 3, 13, 2, true, false",    // the same without the direct form
        "3, 96, 17, 2, false, false",
    })
    void forwardGivesTheFmaChainBits(int runs, int runLen, int pixels, int panels, boolean epilogue, boolean direct)
            throws ReflectiveOperationException {
        DirectConv.Tiles t = tiles(direct);
        int wd = t.panelWidth();
        int cout = panels * wd;
        Rng rng = new Rng(runs * 1000 + runLen);
        int stride = runLen + 7;
        int krows = runs * runLen;
        int[] rowOff = new int[krows];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < runLen; i++) {
                rowOff[r * runLen + i] = r * stride + i;
            }
        }
        float[] xp = new float[runs * stride + 3 * pixels + 11];
        for (int i = 0; i < xp.length; i++) {
            xp[i] = (float) rng.nextGaussian();
        }
        int[] pixOff = new int[pixels];
        for (int p = 0; p < pixels; p++) {
            pixOff[p] = 3 * p + (p % 4);
        }
        float[] k = new float[krows * cout];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) rng.nextGaussian();
        }
        float[] kp = new float[krows * cout];
        for (int q = 0; q < panels; q++) {
            for (int r = 0; r < krows; r++) {
                System.arraycopy(k, r * cout + q * wd, kp, (q * krows + r) * wd, wd);
            }
        }
        float[] bias = null;
        if (epilogue) {
            bias = new float[cout];
            for (int c = 0; c < cout; c++) {
                bias[c] = (float) rng.nextGaussian();
            }
        }
        int outOff = 5;
        float[] out = new float[outOff + pixels * cout + 3];
        java.util.Arrays.fill(out, Float.NaN);
        t.forward(xp, pixOff, rowOff, kp, cout, 0, panels, bias, epilogue, out, outOff, new float[6 * wd]);
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < cout; c++) {
                float acc = 0f;
                for (int r = 0; r < krows; r++) {
                    acc = Math.fma(xp[pixOff[p] + rowOff[r]], k[r * cout + c], acc);
                }
                if (epilogue) {
                    acc = Math.max(acc + bias[c], 0f);
                }
                assertThat(Float.floatToRawIntBits(out[outOff + p * cout + c]))
                        .as("pixel %d channel %d", p, c).isEqualTo(Float.floatToRawIntBits(acc));
            }
        }
        assertThat(out[0]).isNaN();
        assertThat(out[out.length - 1]).isNaN();
    }

    @ParameterizedTest
    @CsvSource({"9, 1, 150", "96, 2, 70", "30, 1, 64"})
    void kernelGradientFormsGiveTheSameBitsAndTheSums(int krows, int panels, int pixels)
            throws ReflectiveOperationException {
        DirectConv.Tiles direct = tiles(true);
        DirectConv.Tiles rowByRow = tiles(false);
        int wd = direct.panelWidth();
        int cout = panels * wd;
        Rng rng = new Rng(krows * 31 + pixels);
        int[] rowOff = new int[krows];
        for (int r = 0; r < krows; r++) {
            rowOff[r] = r + 2 * (r / 3);
        }
        int[] pixOff = new int[pixels];
        for (int p = 0; p < pixels; p++) {
            pixOff[p] = 2 * p + (p % 5);
        }
        float[] xp = new float[2 * pixels + 5 + rowOff[krows - 1] + 1];
        for (int i = 0; i < xp.length; i++) {
            xp[i] = (float) rng.nextGaussian();
        }
        int dzOff = 3;
        float[] dz = new float[dzOff + pixels * cout];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) rng.nextGaussian();
        }
        float[] start = new float[krows * cout];
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) rng.nextGaussian();
        }
        float[] accA = start.clone();
        float[] accB = start.clone();
        direct.kernelGrad(xp, pixOff, rowOff, dz, dzOff, cout, accA, new float[64 * wd]);
        rowByRow.kernelGrad(xp, pixOff, rowOff, dz, dzOff, cout, accB, new float[64 * wd]);
        for (int i = 0; i < accA.length; i++) {
            assertThat(Float.floatToRawIntBits(accA[i])).as("element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(accB[i]));
        }
        for (int r = 0; r < krows; r++) {
            for (int c = 0; c < cout; c++) {
                double sum = start[r * cout + c];
                for (int p = 0; p < pixels; p++) {
                    sum += (double) xp[pixOff[p] + rowOff[r]] * dz[dzOff + p * cout + c];
                }
                assertThat((double) accA[r * cout + c]).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-3));
            }
        }
    }
}
