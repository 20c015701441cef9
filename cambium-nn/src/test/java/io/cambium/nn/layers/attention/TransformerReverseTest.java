package io.cambium.nn.layers.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 2-layer Transformer encoder learns to reverse sequences of 10 digits. */
class TransformerReverseTest {
    private static final int T = 10;

    private static Tensor[] batch(Rng rng, int n) {
        float[] x = new float[n * T];
        float[] y = new float[n * T];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < T; s++) {
                x[i * T + s] = rng.nextInt(10);
            }
            for (int s = 0; s < T; s++) {
                y[i * T + s] = x[i * T + T - 1 - s];
            }
        }
        return new Tensor[] {new Tensor(x, n, T), new Tensor(y, n, T)};
    }

    @Test
    void twoLayerEncoderReversesDigits() {
        long start = System.nanoTime();
        Cambium.seed(21);
        Sequential model = new Sequential(
                new TokenAndPositionEmbedding(10, T, 32).inputShape(T),
                new TransformerEncoderBlock(64, 4),
                new TransformerEncoderBlock(64, 4),
                new Dense(10));
        Adam adam = new Adam(3e-3);
        List<Variable> vars = model.trainableVariables();
        Rng data = new Rng(5);
        for (int step = 0; step < 300; step++) {
            Tensor[] b = batch(data, 64);
            Tensor logp = model.call(b[0], true).logSoftmax(2);
            Tensor loss = logp.mul(b[1].oneHot(10)).sum().div(-64f * T);
            adam.zeroGrad(vars);
            loss.backward();
            adam.step(vars);
        }
        Tensor[] test = batch(new Rng(77), 500);
        int correct = 0;
        try (NoGrad g = NoGrad.scope()) {
            Tensor pred = model.call(test[0], false).argmax(2, false);
            for (int i = 0; i < pred.numel(); i++) {
                if (pred.data()[i] == test[1].data()[i]) {
                    correct++;
                }
            }
        }
        double acc = correct / (500.0 * T);
        System.out.printf("Transformer reverse: token accuracy %.4f, %.1f s%n", acc, (System.nanoTime() - start) / 1e9);
        assertThat(acc).isGreaterThan(0.95);
    }
}
