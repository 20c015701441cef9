package io.cambium.tensor.ops;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.RowKernels;

/**
 * Layer and batch normalization arithmetic with fused forward and backward kernels.
 *
 * <p>Layer normalization runs the row loops of {@link RowKernels} (one row is one unit of work);
 * the other statistics accumulate in double precision. Column sums (per feature or channel) are
 * taken over fixed blocks of rows whose partial sums are added in block order, so results do not
 * depend on the thread count.
 */
public final class Normalization {
    /** Elements per row block of a column reduction. */
    private static final int BLOCK = 1 << 15;
    private static final int GRAIN = 1 << 14;
    private static final RowKernels ROWS = RowKernels.inUse();

    private Normalization() {
    }

    /**
     * Layer normalization over the last {@code normAxes} axes, like
     * {@code torch.nn.functional.layer_norm}: {@code (x - mean) / sqrt(var + eps) * gamma + beta}
     * with the biased variance. gamma and beta (either may be null) have the shape of the
     * normalized axes.
     */
    public static Tensor layerNorm(Tensor x, int normAxes, Tensor gamma, Tensor beta, float eps) {
        int[] xs = x.shape();
        if (normAxes < 1 || normAxes > xs.length) {
            throw new IllegalArgumentException("layer_norm: cannot normalize over the last " + normAxes
                    + " axes of shape " + Shape.str(xs));
        }
        int[] ns = java.util.Arrays.copyOfRange(xs, xs.length - normAxes, xs.length);
        checkParam("layer_norm", "gamma", gamma, ns, xs);
        checkParam("layer_norm", "beta", beta, ns, xs);
        int m = Shape.numel(ns);
        int rows = m == 0 ? 0 : x.numel() / m;
        float[] xd = x.data();
        float[] gd = gamma == null ? null : gamma.data();
        float[] bd = beta == null ? null : beta.data();
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        float[] out = ArrayPool.take(xd.length);
        Parallel.range(rows, Math.max(1, GRAIN / Math.max(1, m)), (s, e) -> {
            for (int r = s; r < e; r++) {
                ROWS.layerNormRow(xd, r, m, eps, gd, bd, out, mean, rstd);
            }
        });
        Tensor result = Tensor.wrapOwned(out, xs);
        return Autograd.record(result, "layer_norm", g -> {
            float[] gg = g.data();
            Tensor gx = null;
            if (Autograd.wants(x)) {
                float[] dx = ArrayPool.take(xd.length);
                Parallel.range(rows, Math.max(1, GRAIN / Math.max(1, m)), (s, e) -> {
                    for (int r = s; r < e; r++) {
                        ROWS.layerNormBackwardRow(xd, gg, r, m, gd, mean[r], rstd[r], dx);
                    }
                });
                gx = Tensor.wrapOwned(dx, xs);
            }
            Tensor ggamma = null;
            Tensor gbeta = null;
            boolean wantGamma = Autograd.wants(gamma);
            boolean wantBeta = Autograd.wants(beta);
            if (wantGamma || wantBeta) {
                double[] sums = columnSums(rows, m, 2, (r, acc) -> {
                    int off = r * m;
                    double mu = mean[r];
                    double rs = rstd[r];
                    for (int j = 0; j < m; j++) {
                        acc[j] += gg[off + j] * (xd[off + j] - mu) * rs;
                        acc[m + j] += gg[off + j];
                    }
                });
                ggamma = wantGamma ? Tensor.wrapOwned(toFloat(sums, 0, m), ns) : null;
                gbeta = wantBeta ? Tensor.wrapOwned(toFloat(sums, m, m), ns) : null;
            }
            return new Tensor[] {gx, ggamma, gbeta};
        }, g -> recordedRule(g, x, gamma, beta, eps, trailingAxes(xs.length, normAxes)), x, gamma, beta);
    }

    /**
     * Training-mode batch normalization over every axis but the last (channels-last), like
     * {@code torch.nn.functional.batch_norm(training=True)} on the NCHW permutation: each
     * channel is normalized with its batch mean and biased batch variance, then scaled by gamma
     * and shifted by beta ({@code [channels]}, either may be null).
     */
    public static BatchNormResult batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int[] xs = x.shape();
        int c = channels("batch_norm", xs);
        checkParam("batch_norm", "gamma", gamma, new int[] {c}, xs);
        checkParam("batch_norm", "beta", beta, new int[] {c}, xs);
        int n = c == 0 ? 0 : x.numel() / c;
        if (n == 0) {
            throw new IllegalArgumentException("batch_norm: no values per channel in shape " + Shape.str(xs));
        }
        float[] xd = x.data();
        double[] sum = columnSums(n, c, 1, (r, acc) -> {
            int off = r * c;
            for (int j = 0; j < c; j++) {
                acc[j] += xd[off + j];
            }
        });
        double[] mu = new double[c];
        for (int j = 0; j < c; j++) {
            mu[j] = sum[j] / n;
        }
        double[] sq = columnSums(n, c, 1, (r, acc) -> {
            int off = r * c;
            for (int j = 0; j < c; j++) {
                double d = xd[off + j] - mu[j];
                acc[j] += d * d;
            }
        });
        float[] mean = new float[c];
        float[] var = new float[c];
        float[] unbiased = new float[c];
        double[] rstd = new double[c];
        for (int j = 0; j < c; j++) {
            double v = sq[j] / n;
            mean[j] = (float) mu[j];
            var[j] = (float) v;
            unbiased[j] = (float) (n > 1 ? sq[j] / (n - 1) : v);
            rstd[j] = 1.0 / Math.sqrt(v + eps);
        }
        Tensor out = affine(x, gamma, beta, mu, rstd, "batch_norm", eps);
        return new BatchNormResult(out, new Tensor(mean, c), new Tensor(var, c), new Tensor(unbiased, c));
    }

    /**
     * Inference-mode batch normalization over every axis but the last with the given moving
     * statistics ({@code [channels]}, treated as constants):
     * {@code (x - movingMean) / sqrt(movingVar + eps) * gamma + beta}.
     */
    public static Tensor batchNormInference(Tensor x, Tensor movingMean, Tensor movingVar, Tensor gamma,
            Tensor beta, float eps) {
        int[] xs = x.shape();
        int c = channels("batch_norm", xs);
        checkParam("batch_norm", "moving mean", movingMean, new int[] {c}, xs);
        checkParam("batch_norm", "moving variance", movingVar, new int[] {c}, xs);
        checkParam("batch_norm", "gamma", gamma, new int[] {c}, xs);
        checkParam("batch_norm", "beta", beta, new int[] {c}, xs);
        if (movingMean == null || movingVar == null) {
            throw new IllegalArgumentException("batch_norm: inference needs the moving mean and variance");
        }
        double[] mu = new double[c];
        double[] rstd = new double[c];
        for (int j = 0; j < c; j++) {
            mu[j] = movingMean.data()[j];
            rstd[j] = 1.0 / Math.sqrt((double) movingVar.data()[j] + eps);
        }
        return affine(x, gamma, beta, mu, rstd, null, eps);
    }

    /**
     * y = (x - mu) * rstd * gamma + beta per channel. With {@code batchOp} non-null, mu and rstd
     * are batch statistics of x and the x gradient flows through them too.
     */
    private static Tensor affine(Tensor x, Tensor gamma, Tensor beta, double[] mu, double[] rstd, String batchOp,
                                 float eps) {
        int[] xs = x.shape();
        int c = mu.length;
        int n = c == 0 ? 0 : x.numel() / c;
        float[] xd = x.data();
        float[] gd = gamma == null ? null : gamma.data();
        float[] bd = beta == null ? null : beta.data();
        double[] scale = new double[c];
        double[] shift = new double[c];
        for (int j = 0; j < c; j++) {
            scale[j] = rstd[j] * (gd == null ? 1 : gd[j]);
            shift[j] = (bd == null ? 0 : bd[j]) - mu[j] * scale[j];
        }
        float[] out = new float[xd.length];
        Parallel.range(n, Math.max(1, GRAIN / Math.max(1, c)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int off = r * c;
                for (int j = 0; j < c; j++) {
                    out[off + j] = (float) (xd[off + j] * scale[j] + shift[j]);
                }
            }
        });
        Tensor result = new Tensor(out, xs);
        return Autograd.record(result, batchOp != null ? batchOp : "batch_norm_inference", g -> {
            float[] gg = g.data();
            // Per channel: sum of g and of g * xhat.
            double[] sums = columnSums(n, c, 2, (r, acc) -> {
                int off = r * c;
                for (int j = 0; j < c; j++) {
                    acc[j] += gg[off + j];
                    acc[c + j] += gg[off + j] * ((xd[off + j] - mu[j]) * rstd[j]);
                }
            });
            Tensor gx = null;
            if (Autograd.wants(x)) {
                float[] dx = new float[xd.length];
                double[] meanG = new double[c];
                double[] meanGx = new double[c];
                if (batchOp != null) {
                    for (int j = 0; j < c; j++) {
                        meanG[j] = sums[j] / n;
                        meanGx[j] = sums[c + j] / n;
                    }
                }
                Parallel.range(n, Math.max(1, GRAIN / Math.max(1, c)), (s, e) -> {
                    for (int r = s; r < e; r++) {
                        int off = r * c;
                        for (int j = 0; j < c; j++) {
                            double xh = (xd[off + j] - mu[j]) * rstd[j];
                            dx[off + j] = (float) (scale[j] * (gg[off + j] - meanG[j] - xh * meanGx[j]));
                        }
                    }
                });
                gx = new Tensor(dx, xs);
            }
            Tensor ggamma = Autograd.wants(gamma) ? new Tensor(toFloat(sums, c, c), c) : null;
            Tensor gbeta = Autograd.wants(beta) ? new Tensor(toFloat(sums, 0, c), c) : null;
            return new Tensor[] {gx, ggamma, gbeta};
        }, batchOp != null ? g -> recordedRule(g, x, gamma, beta, eps, leadingAxes(xs.length))
                : g -> inferenceRule(g, x, gamma, beta, mu, rstd), x, gamma, beta);
    }

    /**
     * The gradients of {@code (x - mean) / sqrt(var + eps) * gamma + beta}, normalized over
     * {@code axes}, in recorded operations: the statistics are recomputed from {@code x} so that
     * the recorded gradient depends on x through them too.
     */
    private static Tensor[] recordedRule(Tensor g, Tensor x, Tensor gamma, Tensor beta, float eps, int[] axes) {
        Tensor xc = x.sub(x.mean(axes, true));
        Tensor rstd = xc.square().mean(axes, true).add(eps).rsqrt();
        Tensor xhat = xc.mul(rstd);
        Tensor gxhat = gamma == null ? g : g.mul(gamma);
        Tensor gx = null;
        if (Autograd.wants(x)) {
            gx = gxhat.sub(gxhat.mean(axes, true)).sub(xhat.mul(gxhat.mul(xhat).mean(axes, true))).mul(rstd);
        }
        Tensor ggamma = Autograd.wants(gamma) ? g.mul(xhat).sumTo(gamma.shape()) : null;
        Tensor gbeta = Autograd.wants(beta) ? g.sumTo(beta.shape()) : null;
        return new Tensor[] {gx, ggamma, gbeta};
    }

    /** The gradients of inference-mode batch normalization (constant statistics) in recorded operations. */
    private static Tensor[] inferenceRule(Tensor g, Tensor x, Tensor gamma, Tensor beta, double[] mu, double[] rstd) {
        int c = mu.length;
        float[] m = new float[c];
        float[] r = new float[c];
        for (int j = 0; j < c; j++) {
            m[j] = (float) mu[j];
            r[j] = (float) rstd[j];
        }
        Tensor rt = new Tensor(r, c);
        Tensor gx = Autograd.wants(x) ? g.mul(gamma == null ? rt : rt.mul(gamma)) : null;
        Tensor ggamma = Autograd.wants(gamma) ? g.mul(x.sub(new Tensor(m, c)).mul(rt)).sumTo(c) : null;
        Tensor gbeta = Autograd.wants(beta) ? g.sumTo(c) : null;
        return new Tensor[] {gx, ggamma, gbeta};
    }

    /** Every axis but the last (batch normalization's, channels last). */
    private static int[] leadingAxes(int rank) {
        int[] axes = new int[Math.max(0, rank - 1)];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return axes;
    }

    /** The last {@code count} axes (layer normalization's). */
    private static int[] trailingAxes(int rank, int count) {
        int[] axes = new int[count];
        for (int i = 0; i < count; i++) {
            axes[i] = rank - count + i;
        }
        return axes;
    }

    private static int channels(String op, int[] xs) {
        if (xs.length < 1) {
            throw new IllegalArgumentException(op + ": needs at least one axis (channels last), got shape "
                    + Shape.str(xs));
        }
        return xs[xs.length - 1];
    }

    private static void checkParam(String op, String name, Tensor p, int[] expected, int[] xs) {
        if (p != null && !Shape.same(p.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + Shape.str(p.shape())
                    + ", expected " + Shape.str(expected) + " for input shape " + Shape.str(xs));
        }
    }

    /** Adds one row's contributions into {@code acc}. */
    @FunctionalInterface
    private interface RowSum {
        void add(int row, double[] acc);
    }

    /**
     * Column sums of {@code k * cols} quantities over {@code rows} rows: fixed blocks of rows are
     * summed in parallel and the block partials are added in order.
     */
    private static double[] columnSums(int rows, int cols, int k, RowSum f) {
        int width = k * cols;
        int blockRows = Math.max(1, BLOCK / Math.max(1, cols));
        int blocks = (rows + blockRows - 1) / blockRows;
        double[][] partial = new double[blocks][width];
        Parallel.tasks(blocks, b -> {
            int end = Math.min(rows, (b + 1) * blockRows);
            for (int r = b * blockRows; r < end; r++) {
                f.add(r, partial[b]);
            }
        });
        double[] total = new double[width];
        for (double[] p : partial) {
            for (int j = 0; j < width; j++) {
                total[j] += p[j];
            }
        }
        return total;
    }

    private static float[] toFloat(double[] src, int from, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) src[from + i];
        }
        return out;
    }
}
