package io.cambium.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.tensor.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The direct convolution's register tiles against a scalar loop of fused multiply-adds in kernel-row
 * order (the order the tiles promise, so the bits must match), for kernels read row by row and as
 * runs of consecutive taps, full and partial tiles, with and without bias and ReLU.
 */
class DirectConvTilesTest {
    private static DirectConv.Tiles tiles() throws ReflectiveOperationException {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "Vector API module absent");
        return (DirectConv.Tiles) Class.forName("io.cambium.tensor.kernels.vector.VectorDirectConv")
                .getDeclaredConstructor().newInstance();
    }

    @ParameterizedTest
    @CsvSource({
        // runs, run length, pixels, panels, bias+relu
        "3, 3, 13, 2, true",     // short runs (a single-channel 3x3 kernel): the row-by-row tile
        "3, 48, 12, 1, true",    // long runs (3 taps x 16 channels): the run tile, full tiles only
        "3, 96, 17, 2, false",   // long runs, a partial last tile, no epilogue
        "2, 40, 5, 1, true",     // fewer pixels than a tile
    })
    void forwardGivesTheFmaChainBits(int runs, int runLen, int pixels, int panels, boolean epilogue)
            throws ReflectiveOperationException {
        DirectConv.Tiles t = tiles();
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
}
