package io.cambium.tensor.ops.recurrent;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.kernels.ColumnSums;
import io.cambium.tensor.kernels.Kernels;

/**
 * The geometry and options of one recurrent pass: batch B, time T, input features D, units U,
 * direction, and an optional padding mask.
 *
 * <p>Masked steps (mask value 0) leave the state unchanged and output zeros, like PyTorch's packed
 * sequences (Keras with {@code zero_output_for_mask}); the final state is the state after the last
 * unmasked step.
 */
final class SequenceSpec {
    final int batch;
    final int time;
    final int features;
    final int units;
    final boolean goBackwards;
    final float[] mask;

    SequenceSpec(String op, Tensor x, int units, boolean goBackwards, Tensor mask) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(op + ": expected input (batch, timesteps, features), got "
                    + Shape.str(x.shape()));
        }
        this.batch = x.dim(0);
        this.time = x.dim(1);
        this.features = x.dim(2);
        this.units = units;
        this.goBackwards = goBackwards;
        if (mask != null && !Shape.same(mask.shape(), new int[] {batch, time})) {
            throw new IllegalArgumentException(op + ": mask shape " + Shape.str(mask.shape()) + " does not match (batch, timesteps) "
                    + Shape.str(batch, time));
        }
        this.mask = mask == null ? null : mask.data();
    }

    /** The input time index processed at step s. */
    int timeAt(int step) {
        return goBackwards ? time - 1 - step : step;
    }

    /** Whether sample b is padding at input time t. */
    boolean masked(int b, int t) {
        return mask != null && mask[b * time + t] == 0f;
    }

    /** Checks a weight's shape. */
    static void expectShape(String op, String what, Tensor t, int... expected) {
        if (!Shape.same(t.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + what + " has shape " + Shape.str(t.shape()) + ", expected "
                    + Shape.str(expected));
        }
    }

    /** Column sums of a [rows, cols] block into dst (accumulating). */
    static void addColumnSums(float[] src, int rows, int cols, float[] dst, int dstOff) {
        double[] acc = new double[cols];
        ColumnSums.add(src, cols, 0, rows, 0, cols, acc);
        for (int j = 0; j < cols; j++) {
            dst[dstOff + j] += (float) acc[j];
        }
    }

    /** {@code h * mask} elementwise, or {@code h} itself when there is no mask. */
    static float[] times(float[] h, float[] mask) {
        if (mask == null) {
            return h;
        }
        float[] out = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = h[i] * mask[i];
        }
        return out;
    }

    /** {@code g *= mask} elementwise (no-op without a mask). */
    static void scaleInPlace(float[] g, float[] mask) {
        if (mask == null) {
            return;
        }
        for (int i = 0; i < g.length; i++) {
            g[i] *= mask[i];
        }
    }

    /**
     * The gradient of the input, {@code dPre W^T}, from the gradient of the input projections
     * {@code dPre [B*T, g]}; {@code null} when the input needs none.
     */
    Tensor inputGradient(Tensor x, Tensor kernel, float[] dPre, int g) {
        if (!x.requiresGrad()) {
            return null;
        }
        float[] dx = new float[batch * time * features];
        Kernels.gemm().sgemm(false, true, batch * time, features, g, 1f, dPre, 0, g, kernel.data(), 0, g, 0f, dx, 0,
                features);
        return new Tensor(dx, batch, time, features);
    }

    /** The gradient of a kernel {@code [rows, g]}: {@code in^T dPre}, in being {@code [B*T, rows]}; or null. */
    Tensor projectionGradient(Tensor weight, float[] in, int rows, float[] dPre, int g) {
        if (!weight.requiresGrad()) {
            return null;
        }
        float[] dw = new float[rows * g];
        Kernels.gemm().sgemm(true, false, rows, g, batch * time, 1f, in, 0, rows, dPre, 0, g, 0f, dw, 0, g);
        return new Tensor(dw, weight.shape());
    }

    /** The gradient of a bias: the column sums of {@code dPre [B*T, g]}; or null. */
    Tensor biasGradient(Tensor bias, float[] dPre, int g) {
        if (bias == null || !bias.requiresGrad()) {
            return null;
        }
        float[] db = new float[bias.numel()];
        addColumnSums(dPre, batch * time, g, db, 0);
        return new Tensor(db, bias.shape());
    }

    /** {@code state} as the gradient of an initial state when it needs one, else null. */
    Tensor stateGradient(Tensor initial, float[] state) {
        return initial != null && initial.requiresGrad() ? new Tensor(state, batch, units) : null;
    }
}
