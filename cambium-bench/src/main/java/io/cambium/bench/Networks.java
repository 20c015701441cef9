package io.cambium.bench;

import io.cambium.nn.Sequential;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.initializers.VarianceScaling;
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
        return cnn(false);
    }

    /**
     * The W3/W7 CNN; with {@code torchInit}, every kernel and bias is initialized as PyTorch's
     * {@code nn.Conv2d} and {@code nn.Linear} do (see {@link #torchKernel()}), so that a training
     * outcome compared with the PyTorch reference compares the same model; otherwise with Keras's
     * defaults (Glorot-uniform kernels, zero biases).
     */
    static Sequential cnn(boolean torchInit) {
        Conv2D conv1 = new Conv2D(32, 3).padding("same").activation("relu");
        Conv2D conv2 = new Conv2D(64, 3).padding("same").activation("relu");
        Dense hidden = new Dense(128).activation("relu");
        Dense out = new Dense(10);
        if (torchInit) {
            conv1.kernelInitializer(torchKernel()).biasInitializer(torchBias(3 * 3 * 1));
            conv2.kernelInitializer(torchKernel()).biasInitializer(torchBias(3 * 3 * 32));
            hidden.kernelInitializer(torchKernel()).biasInitializer(torchBias(7 * 7 * 64));
            out.kernelInitializer(torchKernel()).biasInitializer(torchBias(128));
        }
        Sequential m = new Sequential();
        m.input(28, 28, 1);
        m.add(conv1);
        m.add(new MaxPooling2D(2));
        m.add(conv2);
        m.add(new MaxPooling2D(2));
        m.add(new Flatten());
        m.add(hidden);
        m.add(out);
        return m;
    }

    /**
     * PyTorch's default kernel initialization, {@code kaiming_uniform_(a=sqrt(5))}: uniform in
     * {@code ±gain·sqrt(3/fanIn)} with {@code gain = sqrt(2/(1+a²)) = sqrt(1/3)}, i.e. {@code
     * ±1/sqrt(fanIn)}: Keras's VarianceScaling with scale 1/3, fan-in, uniform (fan-in =
     * kh·kw·in for a convolution, as in PyTorch).
     */
    static Initializer torchKernel() {
        return Initializers.varianceScaling(1.0 / 3, VarianceScaling.Mode.FAN_IN,
                VarianceScaling.Distribution.UNIFORM);
    }

    /** PyTorch's default bias initialization: uniform in {@code ±1/sqrt(fanIn)} of the layer's kernel. */
    static Initializer torchBias(int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        return Initializers.randomUniform(-bound, bound);
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
