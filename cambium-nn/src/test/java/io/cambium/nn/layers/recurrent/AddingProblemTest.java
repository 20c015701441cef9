package io.cambium.nn.layers.recurrent;

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

/**
 * The adding problem (Hochreiter and Schmidhuber): each step carries a random value and a marker;
 * the target is the sum of the two marked values. Solving it at length 50 needs memory across the
 * whole sequence; always predicting the mean gives an MSE of about 0.167.
 */
class AddingProblemTest {
    private static final int T = 50;

    private static Tensor[] batch(Rng rng, int n) {
        float[] x = new float[n * T * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(T / 2);
            int b = T / 2 + rng.nextInt(T / 2);
            for (int t = 0; t < T; t++) {
                float v = rng.nextFloat();
                x[(i * T + t) * 2] = v;
                if (t == a || t == b) {
                    x[(i * T + t) * 2 + 1] = 1f;
                    y[i] += v;
                }
            }
        }
        return new Tensor[] {new Tensor(x, n, T, 2), new Tensor(y, n, 1)};
    }

    private static Tensor mse(Tensor pred, Tensor target) {
        Tensor d = pred.sub(target);
        return d.mul(d).mean();
    }

    @Test
    void lstmSolvesTheAddingProblemAtLength50() {
        Cambium.seed(1);
        Rng data = new Rng(2);
        Sequential model = new Sequential(new LSTM(32).inputShape(T, 2), new Dense(1));
        Adam adam = new Adam(1e-2);
        List<Variable> vars = model.trainableVariables();
        for (int step = 0; step < 600; step++) {
            Tensor[] b = batch(data, 64);
            Tensor loss = mse(model.call(b[0], true), b[1]);
            adam.zeroGrad(vars);
            loss.backward();
            adam.step(vars);
        }
        Tensor[] test = batch(new Rng(99), 1000);
        float testMse;
        try (NoGrad g = NoGrad.scope()) {
            testMse = mse(model.call(test[0], false), test[1]).item();
        }
        assertThat(testMse).isLessThan(0.01f);
    }
}
