package io.cambium.tensor.kernels;

/** {@link RowKernels} as plain-Java loops accumulating in double. */
public final class ScalarRows implements RowKernels {
    private static final TranscendentalKernels TK = Transcendentals.IN_USE;

    @Override
    public void softmaxInPlace(float[] p, int o, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, p[o + k]);
        }
        TK.expShifted(p, o, m, p, o, n);
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += p[o + k];
        }
        float inv = (float) (1.0 / s);
        for (int k = 0; k < n; k++) {
            p[o + k] *= inv;
        }
    }

    @Override
    public void softmaxBackwardInPlace(float[] y, int yo, float[] g, int go, int n) {
        double dot = 0;
        for (int c = 0; c < n; c++) {
            dot += (double) g[go + c] * y[yo + c];
        }
        float a = (float) dot;
        for (int c = 0; c < n; c++) {
            g[go + c] = y[yo + c] * (g[go + c] - a);
        }
    }

    @Override
    public void layerNormRow(float[] x, int r, int m, float eps, float[] gamma, float[] beta, float[] out,
            float[] mean, float[] rstd) {
        int off = r * m;
        double sum = 0;
        for (int j = 0; j < m; j++) {
            sum += x[off + j];
        }
        double mu = sum / m;
        double sq = 0;
        for (int j = 0; j < m; j++) {
            double d = x[off + j] - mu;
            sq += d * d;
        }
        double rs = 1.0 / Math.sqrt(sq / m + eps);
        mean[r] = (float) mu;
        rstd[r] = (float) rs;
        for (int j = 0; j < m; j++) {
            double y = (x[off + j] - mu) * rs;
            if (gamma != null) {
                y *= gamma[j];
            }
            if (beta != null) {
                y += beta[j];
            }
            out[off + j] = (float) y;
        }
    }

    @Override
    public void layerNormBackwardRow(float[] x, float[] g, int r, int m, float[] gamma, float mean, float rstd,
            float[] dx) {
        int off = r * m;
        double mu = mean;
        double rs = rstd;
        double sumD = 0;
        double sumDx = 0;
        for (int j = 0; j < m; j++) {
            double dxh = gamma == null ? g[off + j] : (double) g[off + j] * gamma[j];
            sumD += dxh;
            sumDx += dxh * (x[off + j] - mu) * rs;
        }
        double meanD = sumD / m;
        double meanDx = sumDx / m;
        for (int j = 0; j < m; j++) {
            double dxh = gamma == null ? g[off + j] : (double) g[off + j] * gamma[j];
            double xh = (x[off + j] - mu) * rs;
            dx[off + j] = (float) (rs * (dxh - meanD - xh * meanDx));
        }
    }
}
