package io.cambium.compress;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.tensor.Tensor;

/** The embedded Fashion-MNIST subset (2,000 training and 500 test images), loaded once. */
public final class TestData {
    private static FashionMnist.Data data;

    private TestData() {
    }

    /** The embedded subset. */
    public static synchronized FashionMnist.Data get() {
        if (data == null) {
            data = FashionMnist.loadEmbedded();
        }
        return data;
    }

    /** Test accuracy of a model giving logits or probabilities. */
    public static double accuracy(io.cambium.nn.Model m, Tensor x, int[] y) {
        int[] pred = m.predict(x, 250).argmax(-1, false).toIntArray();
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            if (pred[i] == y[i]) {
                ok++;
            }
        }
        return (double) ok / y.length;
    }
}
