package io.cambium.tensor.ops.recurrent;

import io.cambium.tensor.Parallel;

/**
 * A partition of the batch into blocks of columns, each of which a fused recurrent kernel runs
 * through the whole sequence on one thread: the samples of a batch are independent, so the
 * threads need no barrier per time step.
 *
 * <p>Inside a block the kernel keeps its states "transposed", as panels {@code [rows, width]}
 * (one column per sample): the per-step GEMM is then {@code weights^T [rows, k] x state [k, width]},
 * whose large operand is the weight matrix read in place and whose packed operand is the small
 * state panel. A sequence of panels lives in one array, step by step: the panel of step s and
 * block p starts at {@code s * rows * batch + start(p) * rows}.
 */
final class BatchBlocks {
    /** Samples per block when the batch is large. */
    static final int WIDTH = 32;
    /** The narrowest block worth a thread of its own. */
    static final int MIN_WIDTH = 8;

    final int batch;
    final int count;

    /**
     * Splits {@code batch} samples into blocks of at most about {@link #WIDTH}, an even number of
     * them when they can stay at least {@link #MIN_WIDTH} wide (two threads share the work evenly).
     * The partition depends on the batch size only: per-block partial sums (weight gradients) are
     * then added in the same order at any thread count.
     */
    BatchBlocks(int batch) {
        this.batch = batch;
        int wide = (batch + WIDTH - 1) / WIDTH;
        int even = (wide + 1) / 2 * 2;
        this.count = Math.max(1, Math.min(even, (batch + MIN_WIDTH - 1) / MIN_WIDTH));
    }

    /** The first sample of block p. */
    int start(int p) {
        return (int) ((long) batch * p / count);
    }

    /** The number of samples in block p. */
    int width(int p) {
        return start(p + 1) - start(p);
    }

    /** The offset of the {@code [rows, width(p)]} panel of step s and block p. */
    int panel(int s, int p, int rows) {
        return s * rows * batch + start(p) * rows;
    }

    /** Runs {@code body} for every block, blocks spread over the shared pool. */
    void forEach(Parallel.TaskBody body) {
        Parallel.range(count, 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                body.run(p);
            }
        });
    }

    /**
     * Copies rows {@code [b0, b0 + w)} of a row-major matrix, taking {@code cols} values of each
     * row starting at {@code src + b * rowStride}, into the panel {@code dst[dOff + c * w + b]}.
     */
    static void gather(float[] src, int src0, int rowStride, int b0, int w, int cols, float[] dst, int dOff) {
        for (int b = 0; b < w; b++) {
            int s = src0 + (b0 + b) * rowStride;
            for (int c = 0; c < cols; c++) {
                dst[dOff + c * w + b] = src[s + c];
            }
        }
    }

    /** The inverse of {@link #gather}: panel {@code src[sOff + c * w + b]} into row-major rows. */
    static void scatter(float[] src, int sOff, int w, int cols, float[] dst, int dst0, int rowStride, int b0) {
        for (int b = 0; b < w; b++) {
            int d = dst0 + (b0 + b) * rowStride;
            for (int c = 0; c < cols; c++) {
                dst[d + c] = src[sOff + c * w + b];
            }
        }
    }
}
