package io.cambium.ml.nn;

import io.cambium.nn.losses.Loss;
import io.cambium.tensor.Tensor;

/**
 * Sparse softmax cross-entropy on logits for the network tests, composed from tensor ops
 * (log-softmax and a one-hot mask), until cambium-nn's loss family lands.
 */
final class TestNets {
    private TestNets() {
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
                float[] oneHot = new float[n * k];
                float[] t = yTrue.data();
                for (int i = 0; i < n; i++) {
                    oneHot[i * k + (int) t[i]] = 1f;
                }
                return logits.logSoftmax(-1).mul(new Tensor(oneHot, n, k)).sum(-1, false).neg();
            }
        };
    }
}
