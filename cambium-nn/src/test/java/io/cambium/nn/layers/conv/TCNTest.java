package io.cambium.nn.layers.conv;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCNBlock: causality, receptive field, gradients, and a delayed-copy task. */
class TCNTest {
    @Test
    void receptiveFieldFormulaMatchesMeasuredDependence() {
        assertThat(TCN.receptiveField(3, 1, 2, 4)).isEqualTo(29);
        assertThat(new TCNBlock(4, 3, 2).receptiveField()).isEqualTo(9);
        Cambium.seed(1);
        TCNBlock b1 = new TCNBlock(4, 3, 1).activation("tanh");
        TCNBlock b2 = new TCNBlock(4, 3, 2).activation("tanh");
        Tensor x = Tensor.randn(1, 20, 2);
        Tensor y = b2.apply(b1.apply(x));
        int rf = TCN.receptiveField(3, 1, 2);
        // Perturbing input step 5 changes exactly outputs 5 .. 5 + rf - 1.
        Tensor x2 = x.copy();
        x2.setInPlace(x.get(0, 5, 0) + 1f, 0, 5, 0);
        Tensor y2 = b2.apply(b1.apply(x2));
        for (int t = 0; t < 20; t++) {
            double diff = 0;
            for (int c = 0; c < 4; c++) {
                diff += Math.abs(y.get(0, t, c) - y2.get(0, t, c));
            }
            boolean inside = t >= 5 && t < 5 + rf;
            assertThat(diff > 0).as("step " + t).isEqualTo(inside);
        }
    }

    @Test
    void gradCheckWithProjectionAndConfig() {
        Cambium.seed(2);
        TCNBlock b = new TCNBlock(3, 2, 2).activation("tanh");
        b.apply(Tensor.randn(2, 6, 2));
        assertThat(b.projection()).isNotNull();
        GradCheck.of(in -> b.apply(in[0], false)).check(Tensor.randn(2, 6, 2));
        assertThat(LayerRegistry.create("TCNBlock", b.config()).config()).isEqualTo(b.config());
        TCNBlock same = new TCNBlock(2, 2, 1);
        same.apply(Tensor.randn(1, 4, 2));
        assertThat(same.projection()).isNull();
    }

    private static Tensor[] delayed(Rng rng, int n, int t, int d) {
        float[] x = new float[n * t];
        float[] y = new float[n * t];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < t; s++) {
                x[i * t + s] = rng.nextFloat() * 2 - 1;
            }
            for (int s = d; s < t; s++) {
                y[i * t + s] = x[i * t + s - d];
            }
        }
        return new Tensor[] {new Tensor(x, n, t, 1), new Tensor(y, n, t, 1)};
    }

    @Test
    void tcnLearnsDelayedCopy() {
        long start = System.nanoTime();
        Cambium.seed(3);
        int t = 32;
        int d = 6;
        List<io.cambium.nn.Layer> layers = new ArrayList<>(TCN.blocks(16, 3, 0.0, 1, 2));
        layers.get(0).inputShape(t, 1);
        layers.add(new Dense(1));
        Sequential model = new Sequential(layers.toArray(new io.cambium.nn.Layer[0]));
        assertThat(TCN.receptiveField(3, 1, 2)).isGreaterThan(d);
        // 1 + 2*(3-1)*1 + 2*(3-1)*2 = 13 steps, composed by summary() from the blocks.
        assertThat(model.summaryString()).contains("Receptive field (time steps): 13");
        Adam adam = new Adam(3e-3);
        List<Variable> vars = model.trainableVariables();
        Rng data = new Rng(4);
        for (int step = 0; step < 400; step++) {
            Tensor[] b = delayed(data, 32, t, d);
            Tensor diff = model.call(b[0], true).sub(b[1]);
            Tensor loss = diff.mul(diff).mean();
            adam.zeroGrad(vars);
            loss.backward();
            adam.step(vars);
        }
        Tensor[] test = delayed(new Rng(42), 200, t, d);
        float mse;
        try (NoGrad g = NoGrad.scope()) {
            Tensor diff = model.call(test[0], false).sub(test[1]);
            mse = diff.mul(diff).mean().item();
        }
        System.out.printf("TCN delayed copy (d=%d): test MSE %.5f (target variance 0.333), %.1f s%n", d, mse,
                (System.nanoTime() - start) / 1e9);
        assertThat(mse).isLessThan(0.01f);
    }
}
