package io.cambium.nn.layers.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Masks;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bidirectional against torch.nn.GRU(bidirectional=True), merge modes, masks, and a learning task. */
class BidirectionalTest {
    private static final Fixtures FIX = Fixtures.load("attention.json");

    @Test
    void matchesTorchBidirectionalGru() {
        Fixtures.Case c = FIX.get("bidirectional_gru");
        int u = c.attr("units").asInt();
        Layer.resetNames();
        Bidirectional bi = new Bidirectional(new GRU(u).returnSequences(true).returnState(true));
        Tensor x = c.tensor("x");
        bi.applyAll(List.of(x), false);
        assertThat(bi.forwardLayer().name()).isEqualTo("forward_gru");
        assertThat(bi.backwardLayer().name()).isEqualTo("backward_gru");
        for (String tag : new String[] {"fwd", "bwd"}) {
            Recurrent r = tag.equals("fwd") ? bi.forwardLayer() : bi.backwardLayer();
            r.kernel().assign(c.tensor("kernel_" + tag));
            r.recurrentKernel().assign(c.tensor("recurrent_kernel_" + tag));
            r.bias().assign(c.tensor("bias_" + tag));
        }
        List<Tensor> out = bi.applyAll(List.of(x), false);
        assertThat(out).hasSize(3);
        Fixtures.assertClose("sequence", c.tensor("out"), out.get(0), 1e-5, 1e-5);
        Fixtures.assertClose("forward state", c.tensor("h_fwd"), out.get(1), 1e-5, 1e-5);
        Fixtures.assertClose("backward state", c.tensor("h_bwd"), out.get(2), 1e-5, 1e-5);
        assertThat(bi.variables().get(0).name()).isEqualTo("forward_gru/kernel");
    }

    @Test
    void initialStatesGoToForwardThenBackwardAsInTorch() {
        Fixtures.Case c = FIX.get("bidirectional_gru_state");
        Bidirectional bi = new Bidirectional(new GRU(c.attr("units").asInt()).returnSequences(true).returnState(true));
        List<Tensor> in = List.of(c.tensor("x"), c.tensor("h0_fwd"), c.tensor("h0_bwd"));
        bi.applyAll(in, false);
        for (String tag : new String[] {"fwd", "bwd"}) {
            Recurrent r = tag.equals("fwd") ? bi.forwardLayer() : bi.backwardLayer();
            r.kernel().assign(c.tensor("kernel_" + tag));
            r.recurrentKernel().assign(c.tensor("recurrent_kernel_" + tag));
            r.bias().assign(c.tensor("bias_" + tag));
        }
        List<Tensor> out = bi.applyAll(in, false);
        Fixtures.assertClose("sequence", c.tensor("out"), out.get(0), 1e-5, 1e-5);
        Fixtures.assertClose("forward state", c.tensor("h_fwd"), out.get(1), 1e-5, 1e-5);
        Fixtures.assertClose("backward state", c.tensor("h_bwd"), out.get(2), 1e-5, 1e-5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bi.applyAll(List.of(c.tensor("x"), c.tensor("h0_fwd")), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bidirectional");
    }

    @Test
    void mergeModesShapesAndConfig() {
        Cambium.seed(1);
        Tensor x = Tensor.randn(2, 4, 3);
        for (String mode : new String[] {"concat", "sum", "mul", "ave"}) {
            Bidirectional bi = new Bidirectional(new LSTM(5)).mergeMode(mode);
            Tensor y = bi.apply(x);
            assertThat(y.shape()).containsExactly(2, mode.equals("concat") ? 10 : 5);
            assertThat(bi.computeOutputShape(new int[] {-1, 4, 3})).containsExactly(-1, mode.equals("concat") ? 10 : 5);
            Bidirectional copy = (Bidirectional) LayerRegistry.create("Bidirectional", bi.config());
            assertThat(copy.config()).isEqualTo(bi.config());
        }
        Bidirectional ave = new Bidirectional(new SimpleRNN(3));
        ave.mergeMode("ave");
        GradCheck.of(in -> ave.apply(in[0], false)).check(Tensor.randn(2, 4, 3));
    }

    @Test
    void maskReachesBothDirections() {
        Cambium.seed(2);
        Bidirectional bi = new Bidirectional(new GRU(4).returnSequences(true));
        Tensor x = Tensor.randn(1, 5, 3);
        Tensor x2 = x.copy();
        x2.setInPlace(9f, 0, 4, 0);
        Tensor mask = Tensor.of(new float[] {1, 1, 1, 1, 0}, 1, 5);
        Tensor a = bi.apply(Masks.attach(x, mask));
        Tensor b = bi.apply(Masks.attach(x2, mask));
        // The padded last step changes neither direction's outputs at the real steps.
        Fixtures.assertClose("masked", a.slice(1, 0, 4), b.slice(1, 0, 4), 1e-6, 1e-6);
        assertThat(Masks.of(a)).isSameAs(mask);
    }

    /** One A (token 1) and one B (token 2) among distractors; label 1 when A comes before B. */
    private static Tensor[] orderTask(Rng rng, int n, int t, int vocab) {
        float[] x = new float[n * t * vocab];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(t);
            int b = rng.nextInt(t - 1);
            if (b >= a) {
                b++;
            }
            for (int s = 0; s < t; s++) {
                int tok = s == a ? 1 : s == b ? 2 : 3 + rng.nextInt(vocab - 3);
                x[(i * t + s) * vocab + tok] = 1f;
            }
            y[i] = a < b ? 1f : 0f;
        }
        return new Tensor[] {new Tensor(x, n, t, vocab), new Tensor(y, n, 1)};
    }

    @Test
    void bidirectionalGruLearnsWhetherAComesBeforeB() {
        long start = System.nanoTime();
        Cambium.seed(7);
        int t = 12;
        int vocab = 6;
        Sequential model = new Sequential(new Bidirectional(new GRU(12)).inputShape(t, vocab), new Dense(1));
        Adam adam = new Adam(1e-2);
        List<Variable> vars = model.trainableVariables();
        Rng data = new Rng(3);
        for (int step = 0; step < 250; step++) {
            Tensor[] b = orderTask(data, 64, t, vocab);
            Tensor z = model.call(b[0], true);
            Tensor loss = z.softplus().sub(z.mul(b[1])).mean();
            adam.zeroGrad(vars);
            loss.backward();
            adam.step(vars);
        }
        Tensor[] test = orderTask(new Rng(99), 1000, t, vocab);
        int correct = 0;
        try (NoGrad g = NoGrad.scope()) {
            Tensor z = model.call(test[0], false);
            for (int i = 0; i < 1000; i++) {
                if ((z.data()[i] > 0) == (test[1].data()[i] > 0.5f)) {
                    correct++;
                }
            }
        }
        System.out.printf("BiGRU A-before-B: test accuracy %.3f, %.1f s%n", correct / 1000.0,
                (System.nanoTime() - start) / 1e9);
        assertThat(correct / 1000.0).isGreaterThan(0.95);
    }
}
