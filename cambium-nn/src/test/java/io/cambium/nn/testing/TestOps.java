package io.cambium.nn.testing;

import io.cambium.nn.losses.Loss;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/**
 * Test-only building blocks (ReLU, tanh, MSE, softmax cross-entropy) so that the model API can be
 * tested without depending on the op and loss families written elsewhere.
 */
public final class TestOps {
    private TestOps() {
    }

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        float[] d = x.data();
        float[] o = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            o[i] = Math.max(d[i], 0f);
        }
        return Autograd.record(new Tensor(o, x.shape()), "test_relu", g -> {
            float[] gd = g.data();
            float[] r = new float[gd.length];
            for (int i = 0; i < gd.length; i++) {
                r[i] = d[i] > 0 ? gd[i] : 0f;
            }
            return new Tensor[] {new Tensor(r, x.shape())};
        }, x);
    }

    /** tanh(x). */
    public static Tensor tanh(Tensor x) {
        float[] d = x.data();
        float[] o = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            o[i] = (float) Math.tanh(d[i]);
        }
        return Autograd.record(new Tensor(o, x.shape()), "test_tanh", g -> {
            float[] gd = g.data();
            float[] r = new float[gd.length];
            for (int i = 0; i < gd.length; i++) {
                r[i] = gd[i] * (1 - o[i] * o[i]);
            }
            return new Tensor[] {new Tensor(r, x.shape())};
        }, x);
    }

    /** Mean squared error over the last axis. */
    public static Loss mse() {
        return new Loss(Loss.Reduction.SUM_OVER_BATCH_SIZE) {
            @Override
            public String name() {
                return "mean_squared_error";
            }

            @Override
            public Tensor perSample(Tensor yTrue, Tensor yPred) {
                Tensor d = yPred.sub(yTrue);
                return d.mul(d).mean(-1, false);
            }
        };
    }

    /** Sparse categorical cross-entropy on logits (integer class targets of shape [batch]). */
    public static Loss sparseCeFromLogits() {
        return new Loss(Loss.Reduction.SUM_OVER_BATCH_SIZE) {
            @Override
            public String name() {
                return "sparse_categorical_crossentropy";
            }

            @Override
            public Tensor perSample(Tensor yTrue, Tensor logits) {
                int n = logits.dim(0);
                int k = logits.dim(1);
                float[] z = logits.data();
                float[] p = new float[z.length];
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        m = Math.max(m, z[i * k + j]);
                    }
                    double s = 0;
                    for (int j = 0; j < k; j++) {
                        s += Math.exp(z[i * k + j] - m);
                    }
                    for (int j = 0; j < k; j++) {
                        p[i * k + j] = (float) (Math.exp(z[i * k + j] - m) / s);
                    }
                    out[i] = (float) -(z[i * k + (int) yTrue.data()[i]] - m - Math.log(s));
                }
                return Autograd.record(new Tensor(out, n), "test_sparse_ce", g -> {
                    float[] r = new float[z.length];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < k; j++) {
                            r[i * k + j] = g.data()[i] * (p[i * k + j] - (j == (int) yTrue.data()[i] ? 1 : 0));
                        }
                    }
                    return new Tensor[] {null, new Tensor(r, n, k)};
                }, yTrue, logits);
            }
        };
    }
}
