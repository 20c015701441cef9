package io.cambium.tensor.kernels;

/** {@link TranscendentalKernels} as plain-Java loops over {@link FloatMath}. */
public final class ScalarTranscendentals implements TranscendentalKernels {
    @Override
    public void expShifted(float[] x, int xo, float shift, float[] out, int o, int n) {
        for (int j = 0; j < n; j++) {
            out[o + j] = FloatMath.exp(x[xo + j] - shift);
        }
    }

    @Override
    public void sigmoid(float[] x, int xo, float[] out, int o, int n) {
        for (int j = 0; j < n; j++) {
            out[o + j] = FloatMath.sigmoid(x[xo + j]);
        }
    }

    @Override
    public void tanh(float[] x, int xo, float[] out, int o, int n) {
        for (int j = 0; j < n; j++) {
            out[o + j] = FloatMath.tanh(x[xo + j]);
        }
    }

    @Override
    public void erf(float[] x, int xo, float[] out, int o, int n) {
        for (int j = 0; j < n; j++) {
            out[o + j] = FloatMath.erf(x[xo + j]);
        }
    }

    @Override
    public void gelu(float[] x, int xo, float[] out, int o, int n) {
        for (int j = 0; j < n; j++) {
            out[o + j] = FloatMath.gelu(x[xo + j]);
        }
    }

    @Override
    public void geluBackward(float[] x, int xo, float[] g, float[] out, int o, int n) {
        for (int j = 0; j < n; j++) {
            out[o + j] = g[o + j] * FloatMath.geluDerivative(x[xo + j]);
        }
    }

    @Override
    public void biasGelu(float[] x, int xo, float[] bias, int bo, float[] y, float[] d, int o, int n) {
        for (int j = 0; j < n; j++) {
            float v = bias == null ? x[xo + j] : x[xo + j] + bias[bo + j];
            y[o + j] = FloatMath.gelu(v);
            if (d != null) {
                d[o + j] = FloatMath.geluDerivative(v);
            }
        }
    }
}
