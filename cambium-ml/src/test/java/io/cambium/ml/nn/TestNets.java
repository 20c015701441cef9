package io.cambium.ml.nn;

import io.cambium.nn.losses.Loss;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/**
 * ReLU and sparse softmax cross-entropy on logits for the network tests, written with
 * Autograd.record so they do not depend on op families that land in cambium-tensor separately.
 */
final class TestNets {
    private TestNets() {
    }

    static Tensor relu(Tensor x) {
        float[] d = x.data();
        float[] o = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            o[i] = Math.max(d[i], 0f);
        }
        return Autograd.record(new Tensor(o, x.shape()), "ml_test_relu", g -> {
            float[] gd = g.data();
            float[] r = new float[gd.length];
            for (int i = 0; i < gd.length; i++) {
                r[i] = d[i] > 0 ? gd[i] : 0f;
            }
            return new Tensor[] {new Tensor(r, x.shape())};
        }, x);
    }

    static Loss sparseCrossEntropyFromLogits() {
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
                float[] t = yTrue.data();
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
                    out[i] = (float) -(z[i * k + (int) t[i]] - m - Math.log(s));
                }
                return Autograd.record(new Tensor(out, n), "ml_test_sparse_ce", g -> {
                    float[] r = new float[z.length];
                    float[] gd = g.data();
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < k; j++) {
                            r[i * k + j] = gd[i] * (p[i * k + j] - (j == (int) t[i] ? 1 : 0));
                        }
                    }
                    return new Tensor[] {null, new Tensor(r, n, k)};
                }, yTrue, logits);
            }
        };
    }
}
