package io.cambium.tensor.ops;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/**
 * Root-mean-square layer normalization over the last axis (Zhang and Sennrich 2019; LLaMA's
 * {@code LlamaRMSNorm}, {@code torch.nn.RMSNorm}): {@code x / sqrt(mean(x²) + eps) · gamma},
 * without centering and without a shift. The mean of squares of a row is accumulated in double;
 * one row is one unit of work, so results do not depend on the thread count.
 */
public final class RmsNorm {
    private static final int GRAIN = 1 << 14;
    /** Rows per block of the gamma gradient's column sums (partial sums added in block order). */
    private static final int BLOCK_ROWS = 256;

    private RmsNorm() {
    }

    /**
     * RMS normalization of {@code x [..., m]} with {@code gamma [m]} (or null for none).
     *
     * @throws IllegalArgumentException when gamma does not fit the last axis or eps is not positive
     */
    public static Tensor apply(Tensor x, Tensor gamma, float eps) {
        int[] xs = x.shape();
        if (xs.length == 0) {
            throw new IllegalArgumentException("rms_norm: the input needs at least one axis, got a scalar");
        }
        int m = xs[xs.length - 1];
        if (gamma != null && (gamma.rank() != 1 || gamma.dim(0) != m)) {
            throw new IllegalArgumentException("rms_norm: gamma must be [" + m + "] for input " + Shape.str(xs)
                    + ", got " + Shape.str(gamma.shape()));
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("rms_norm: eps must be positive, got " + eps);
        }
        int rows = m == 0 ? 0 : x.numel() / m;
        float[] xd = x.data();
        float[] gd = gamma == null ? null : gamma.data();
        float[] rstd = new float[rows];
        float[] out = new float[xd.length];
        int grain = Math.max(1, GRAIN / Math.max(1, m));
        Parallel.range(rows, grain, (s, e) -> {
            for (int r = s; r < e; r++) {
                int o = r * m;
                double sq = 0;
                for (int j = 0; j < m; j++) {
                    sq += (double) xd[o + j] * xd[o + j];
                }
                float rs = (float) (1.0 / Math.sqrt(sq / m + eps));
                rstd[r] = rs;
                if (gd == null) {
                    for (int j = 0; j < m; j++) {
                        out[o + j] = xd[o + j] * rs;
                    }
                } else {
                    for (int j = 0; j < m; j++) {
                        out[o + j] = xd[o + j] * rs * gd[j];
                    }
                }
            }
        });
        Tensor result = Tensor.wrapOwned(out, xs);
        if (!Autograd.needsGrad(x, gamma)) {
            return result;
        }
        return Autograd.record(result, "rms_norm", g -> {
            float[] gg = g.data();
            Tensor gx = null;
            if (x.requiresGrad()) {
                // With xhat = x·rstd and d = g·gamma: dx = rstd · (d − xhat · mean(d · xhat)).
                float[] dx = new float[xd.length];
                Parallel.range(rows, grain, (s, e) -> {
                    for (int r = s; r < e; r++) {
                        int o = r * m;
                        float rs = rstd[r];
                        double dot = 0;
                        for (int j = 0; j < m; j++) {
                            float d = gd == null ? gg[o + j] : gg[o + j] * gd[j];
                            dot += (double) d * (xd[o + j] * rs);
                        }
                        float mean = (float) (dot / m);
                        for (int j = 0; j < m; j++) {
                            float d = gd == null ? gg[o + j] : gg[o + j] * gd[j];
                            dx[o + j] = rs * (d - xd[o + j] * rs * mean);
                        }
                    }
                });
                gx = Tensor.wrapOwned(dx, xs);
            }
            Tensor ggamma = null;
            if (gamma != null && gamma.requiresGrad()) {
                int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
                double[][] partial = new double[blocks][m];
                Parallel.range(blocks, 1, (s, e) -> {
                    for (int bl = s; bl < e; bl++) {
                        double[] acc = partial[bl];
                        for (int r = bl * BLOCK_ROWS, end = Math.min(rows, r + BLOCK_ROWS); r < end; r++) {
                            int o = r * m;
                            float rs = rstd[r];
                            for (int j = 0; j < m; j++) {
                                acc[j] += (double) gg[o + j] * (xd[o + j] * rs);
                            }
                        }
                    }
                });
                float[] gw = new float[m];
                for (int j = 0; j < m; j++) {
                    double sum = 0;
                    for (double[] p : partial) {
                        sum += p[j];
                    }
                    gw[j] = (float) sum;
                }
                ggamma = Tensor.wrapOwned(gw, m);
            }
            return gamma == null ? new Tensor[] {gx} : new Tensor[] {gx, ggamma};
        }, gamma == null ? new Tensor[] {x} : new Tensor[] {x, gamma});
    }
}
