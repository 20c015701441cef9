package io.cambium.nn.layers.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Masking;
import io.cambium.nn.testing.LayerGradCheck;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecurrentLayersTest {
    private final Rng rng = new Rng(5);

    @BeforeEach
    void seed() {
        Cambium.seed(3);
        Layer.resetNames();
    }

    @Test
    void layerGradientsByFiniteDifferences() {
        Tensor x = Tensor.normal(rng, 0, 1, 2, 4, 3);
        LayerGradCheck.check(new LSTM(4).returnSequences(true), x, false);
        LayerGradCheck.check(new GRU(4), x, false);
        LayerGradCheck.check(new GRU(4).resetAfter(false).goBackwards(true), x, false);
        LayerGradCheck.check(new SimpleRNN(4).returnSequences(true), x, false);
        LayerGradCheck.check(new TimeDistributed(new Dense(2)), x, false);
    }

    @Test
    void shapesWeightsAndStatesFollowKeras() {
        LSTM lstm = new LSTM(8).returnSequences(true).returnState(true);
        List<Tensor> out = lstm.applyAll(List.of(Tensor.zeros(2, 5, 3)), false);
        assertThat(out).hasSize(3);
        assertThat(out.get(0).shape()).containsExactly(2, 5, 8);
        assertThat(out.get(1).shape()).containsExactly(2, 8);
        assertThat(lstm.kernel().shape()).containsExactly(3, 32);
        assertThat(lstm.recurrentKernel().shape()).containsExactly(8, 32);
        // unit_forget_bias: the forget block of the bias starts at 1
        float[] b = lstm.bias().value().toArray();
        assertThat(b[0]).isZero();
        assertThat(b[8]).isEqualTo(1f);
        assertThat(b[16]).isZero();
        assertThat(new GRU(8).applyAll(List.of(Tensor.zeros(2, 5, 3)), false).get(0).shape()).containsExactly(2, 8);
        var model = new Sequential(new LSTM(16).returnSequences(true).inputShape(10, 4), new LSTM(8), new Dense(1));
        assertThat(model.summaryString()).contains("(None, 10, 16)").contains("1344").contains("(None, 8)")
                .contains("800");
    }

    @Test
    void initialStatesAndStatefulCarry() {
        SimpleRNN rnn = new SimpleRNN(3);
        Tensor x = Tensor.normal(rng, 0, 1, 2, 4, 2);
        Tensor h0 = Tensor.normal(rng, 0, 1, 2, 3);
        Tensor withState = rnn.applyAll(List.of(x, h0), false).get(0);
        Tensor without = rnn.apply(x, false);
        assertThat(withState.toArray()).isNotEqualTo(without.toArray());
        // A stateful layer run on two halves equals one run on the whole sequence.
        GRU whole = new GRU(3).returnSequences(true);
        Tensor full = whole.apply(x, false);
        GRU halves = new GRU(3).returnSequences(true).stateful(true);
        halves.ensureBuilt(List.of(x.shape()));
        halves.setWeights(whole.getWeights());
        Tensor first = halves.apply(x.slice(1, 0, 2), false);
        Tensor second = halves.apply(x.slice(1, 2, 4), false);
        assertThat(Tensor.concat(1, first, second).toArray()).containsExactly(full.toArray());
        halves.resetStates();
        assertThat(halves.apply(x.slice(1, 0, 2), false).toArray()).containsExactly(first.toArray());
        assertThatThrownBy(() -> rnn.applyAll(List.of(x, Tensor.zeros(2, 5)), false))
                .hasMessageContaining("expected initial state (None, 3)");
    }

    @Test
    void maskedPaddingGivesTheStateOfTheRealSteps() {
        LSTM lstm = new LSTM(4);
        Tensor real = Tensor.normal(rng, 0, 1, 1, 3, 2);
        Tensor padded = Tensor.concat(1, real, Tensor.zeros(1, 2, 2));
        Tensor expected = lstm.apply(real, false);
        Masking masking = new Masking();
        Tensor got = lstm.apply(masking.apply(padded, false), false);
        assertThat(got.toArray()).containsExactly(expected.toArray());
        Tensor unmasked = lstm.apply(padded, false);
        assertThat(unmasked.toArray()).isNotEqualTo(expected.toArray());
    }

    @Test
    void dropoutIsOnlyActiveInTraining() {
        LSTM lstm = new LSTM(6).dropout(0.5).recurrentDropout(0.5);
        Tensor x = Tensor.normal(rng, 0, 1, 4, 5, 3);
        assertThat(lstm.apply(x, false).toArray()).containsExactly(lstm.apply(x, false).toArray());
        assertThat(lstm.apply(x, true).toArray()).isNotEqualTo(lstm.apply(x, false).toArray());
    }

    @Test
    void configsRoundTrip() {
        GRU gru = new GRU(7).resetAfter(false).returnSequences(true).goBackwards(true).recurrentDropout(0.25);
        GRU copy = (GRU) LayerRegistry.create("GRU", gru.config());
        assertThat(copy.config()).isEqualTo(gru.config());
        TimeDistributed td = new TimeDistributed(new Dense(3));
        assertThat(LayerRegistry.create("TimeDistributed", td.config()).config()).isEqualTo(td.config());
    }
}
