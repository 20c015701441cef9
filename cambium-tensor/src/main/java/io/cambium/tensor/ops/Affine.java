package io.cambium.tensor.ops;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.FloatMath;
import io.cambium.tensor.kernels.Kernels;

/**
 * The affine map of a dense (fully connected) layer on a matrix, {@code relu?(x · kernel + bias)},
 * as one differentiable op: one GEMM that adds the bias and applies the ReLU to each block of the
 * output as it finishes it ({@code Gemm.sgemmBiasRelu}); the backward masks the output gradient
 * once, sums its columns for the bias and runs the two GEMMs of the weight and input gradients. The values and gradients are the same, bit for bit,
 * as those of {@code matmul}, {@code add} and {@code relu} applied one after the other, with one
 * output array instead of two or three.
 */
public final class Affine {
    /** Rows per parallel chunk of the element-wise passes: about 32K elements. */
    private static final int ELEMENTS_PER_CHUNK = 1 << 15;

    private Affine() {
    }

    /**
     * {@code relu?(x · kernel + bias)} for {@code x [rows, in]}, {@code kernel [in, units]} and
     * {@code bias [units]} (or null).
     *
     * @throws IllegalArgumentException when the shapes do not fit, naming both
     */
    public static Tensor apply(Tensor x, Tensor kernel, Tensor bias, boolean relu) {
        if (x.rank() != 2 || kernel.rank() != 2 || x.dim(1) != kernel.dim(0)
                || bias != null && (bias.rank() != 1 || bias.dim(0) != kernel.dim(1))) {
            throw new IllegalArgumentException("affine: x " + Shape.str(x.shape()) + " · kernel "
                    + Shape.str(kernel.shape()) + (bias == null ? "" : " + bias " + Shape.str(bias.shape()))
                    + ": expected x [rows, in], kernel [in, units], bias [units]");
        }
        int rows = x.dim(0);
        int in = x.dim(1);
        int units = kernel.dim(1);
        float[] xd = x.data();
        float[] wd = kernel.data();
        float[] out = ArrayPool.take(rows * units);
        if (bias != null || relu) {
            // The bias and ReLU are applied by the GEMM to each block of the output as it is
            // finished, while the block is in cache.
            Kernels.gemm().sgemmBiasRelu(false, false, rows, units, in, xd, 0, in, wd, 0, units,
                    bias == null ? null : bias.data(), relu, out, 0, units);
        } else {
            Kernels.gemm().sgemm(false, false, rows, units, in, 1f, xd, 0, in, wd, 0, units, 0f, out, 0, units);
        }
        Tensor y = new Tensor(out, rows, units);
        String op = relu ? "affine_relu" : "affine";
        if (bias == null) {
            return Autograd.record(y, op, g -> backward(g, out, relu, x, kernel, null),
                    g -> recordedBackward(g, y, relu, x, kernel, null), x, kernel);
        }
        return Autograd.record(y, op, g -> backward(g, out, relu, x, kernel, bias),
                g -> recordedBackward(g, y, relu, x, kernel, bias), x, kernel, bias);
    }

    /** The gradients in recorded operations, for passes that create a graph. */
    private static Tensor[] recordedBackward(Tensor g, Tensor y, boolean relu, Tensor x, Tensor kernel, Tensor bias) {
        // The ReLU's mask is a constant of the recorded graph.
        Tensor gz = relu ? g.mul(y.detach().gt(0f)) : g;
        Tensor gx = Autograd.wants(x) ? LinAlg.matmul(gz, kernel, false, true) : null;
        Tensor gw = Autograd.wants(kernel) ? LinAlg.matmul(x, gz, true, false) : null;
        Tensor gb = Autograd.wants(bias) ? gz.sum(0, false) : null;
        return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
    }

    private static int grain(int units) {
        return Math.max(1, ELEMENTS_PER_CHUNK / Math.max(1, units));
    }

    private static Tensor[] backward(Tensor g, float[] out, boolean relu, Tensor x, Tensor kernel, Tensor bias) {
        int rows = x.dim(0);
        int in = x.dim(1);
        int units = kernel.dim(1);
        float[] gz = g.data();
        if (relu) {
            // The ReLU passes the gradient where its input was positive, which is where its output is.
            float[] gd = gz;
            float[] masked = ArrayPool.take(gd.length);
            Parallel.range(rows, grain(units), (s, e) -> {
                for (int i = s * units, end = e * units; i < end; i++) {
                    masked[i] = FloatMath.keep(out[i] > 0f, gd[i]);
                }
            });
            gz = masked;
        }
        float[] gzd = gz;
        Tensor gx = null;
        Tensor gw = null;
        Tensor gb = null;
        if (Autograd.wants(x)) {
            float[] d = ArrayPool.take(rows * in);
            Kernels.gemm().sgemm(false, true, rows, in, units, 1f, gzd, 0, units, kernel.data(), 0, units, 0f, d, 0, in);
            gx = Tensor.wrapOwned(d, rows, in);
        }
        if (Autograd.wants(kernel)) {
            float[] d = ArrayPool.take(in * units);
            Kernels.gemm().sgemm(true, false, in, units, rows, 1f, x.data(), 0, in, gzd, 0, units, 0f, d, 0, units);
            gw = Tensor.wrapOwned(d, in, units);
        }
        if (Autograd.wants(bias)) {
            // The engine's sum over axis 0: column sums in double, row by row, as matmul + add gives.
            gb = new Tensor(gzd, rows, units).sum(0, false);
        }
        if (relu && (gb == null || gb.data() != gzd)) {
            // The masked gradient was this rule's own scratch, and nothing returned shares it.
            ArrayPool.give(gzd);
        }
        return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
    }
}
