package io.cambium.bench;

import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.layers.recurrent.LSTM;

/** The networks of W2-W4 and W7, each ending in logits (the loss applies the softmax). */
final class Networks {
    private Networks() {
    }

    /** W2: 784 → 512 ReLU → 256 ReLU → 10. */
    static Sequential mlp() {
        Sequential m = new Sequential();
        m.input(784);
        m.add(new Dense(512).activation("relu"));
        m.add(new Dense(256).activation("relu"));
        m.add(new Dense(10));
        return m;
    }

    /**
     * W3/W7: 28×28×1 → Conv 32 3×3 same ReLU → MaxPool 2 → Conv 64 3×3 same ReLU → MaxPool 2 →
     * Flatten → Dense 128 ReLU → Dense 10.
     */
    static Sequential cnn() {
        Sequential m = new Sequential();
        m.input(28, 28, 1);
        m.add(new Conv2D(32, 3).padding("same").activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Conv2D(64, 3).padding("same").activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Flatten());
        m.add(new Dense(128).activation("relu"));
        m.add(new Dense(10));
        return m;
    }

    /** W4: sequences 64 × 32 → LSTM(128), zero initial state, last step → Dense 10. */
    static Sequential lstm() {
        Sequential m = new Sequential();
        m.input(64, 32);
        m.add(new LSTM(128));
        m.add(new Dense(10));
        return m;
    }
}
