package io.cambium.nn.layers.conv;

import java.util.ArrayList;
import java.util.List;

/** Helpers for stacks of {@link TCNBlock}s (temporal convolutional networks). */
public final class TCN {
    private TCN() {
    }

    /**
     * The receptive field in steps of a stack of blocks with kernel width {@code kernelSize} and
     * these dilations (two convolutions per block): {@code 1 + 2·(k - 1)·Σ dilations}.
     */
    public static int receptiveField(int kernelSize, int... dilations) {
        long sum = 0;
        for (int d : dilations) {
            if (d <= 0) {
                throw new IllegalArgumentException("TCN: dilations must be positive, got " + d);
            }
            sum += d;
        }
        return Math.toIntExact(1 + 2L * (kernelSize - 1) * sum);
    }

    /** One block per dilation, all with {@code filters} channels, kernel width and dropout. */
    public static List<TCNBlock> blocks(int filters, int kernelSize, double dropout, int... dilations) {
        List<TCNBlock> out = new ArrayList<>();
        for (int d : dilations) {
            out.add(new TCNBlock(filters, kernelSize, d).dropout(dropout));
        }
        return out;
    }
}
