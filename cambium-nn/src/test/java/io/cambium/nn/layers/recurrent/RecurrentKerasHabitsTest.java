package io.cambium.nn.layers.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recurrent layers behave as in Keras: states through apply, call before build, initial_state (issue 14). */
class RecurrentKerasHabitsTest {
    private Tensor x;

    @BeforeEach
    void data() {
        Layer.resetNames();
        Cambium.seed(4);
        x = Tensor.randn(2, 5, 3);
    }

    @Test
    void applyDoesNotSilentlyDropTheStates() {
        LSTM lstm = new LSTM(4).returnState(true).name("enc");
        // Before: apply returned the output alone and the states were lost.
        assertThatThrownBy(() -> lstm.apply(x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LSTM 'enc' returned 3 tensors").hasMessageContaining("applyAll");
        List<Tensor> out = lstm.applyAll(x);
        assertThat(out).hasSize(3);
        assertThat(out.get(0).toArray()).containsExactly(out.get(1).toArray());   // last output = h
        assertThat(out.get(2).shape()).containsExactly(2, 4);
        assertThat(new GRU(4).returnState(true).applyAll(x, true)).hasSize(2);
    }

    @Test
    void callBeforeBuildBuildsTheLayer() {
        // Before: LSTM.call on a new layer threw a NullPointerException (MultiHeadAttention built itself).
        assertThat(new LSTM(4).call(x, false).shape()).containsExactly(2, 4);
        assertThat(new GRU(4).returnSequences(true).call(x, false).shape()).containsExactly(2, 5, 4);
        assertThat(new SimpleRNN(4).call(x, false).shape()).containsExactly(2, 4);
        assertThat(new Bidirectional(new LSTM(2)).call(x, false).shape()).containsExactly(2, 4);
        assertThat(new Dense(6).call(x, false).shape()).containsExactly(2, 5, 6);
        assertThat(new LayerNormalization().call(x, false).shape()).containsExactly(2, 5, 3);
    }

    @Test
    void initialStateIsAnArgumentEagerAndFunctional() {
        LSTM lstm = new LSTM(4).name("dec");
        Tensor h0 = Tensor.randn(2, 4);
        Tensor c0 = Tensor.randn(2, 4);
        Tensor fromStates = lstm.apply(x, List.of(h0, c0), false);
        Tensor fromZeros = lstm.apply(x, false);
        assertThat(fromStates.toArray()).isNotEqualTo(fromZeros.toArray());
        // The old form (states as extra inputs) still works and agrees.
        assertThat(lstm.applyAll(List.of(x, h0, c0), false).get(0).toArray()).containsExactly(fromStates.toArray());
        assertThatThrownBy(() -> lstm.apply(x, List.of(h0), false))
                .hasMessageContaining("LSTM 'dec': initialState needs 2 tensor(s) [h, c] of shape (batch, 4), got 1");

        SymbolicTensor in = Input.shape(5, 3);
        SymbolicTensor h = Input.shape(4);
        SymbolicTensor c = Input.shape(4);
        Model m = new Model(List.of(in, h, c), lstm.apply(in, List.of(h, c)));
        assertThat(m.callAll(x, h0, c0).get(0).toArray()).containsExactly(fromStates.toArray());

        GRU gru = new GRU(4).returnState(true);
        List<SymbolicTensor> outs = gru.applyAll(Input.shape(5, 3), List.of(Input.shape(4)));
        assertThat(outs).hasSize(2);
        assertThatThrownBy(() -> gru.apply(Input.shape(5, 3), List.of(Input.shape(4))))
                .hasMessageContaining("returns its states too");
    }
}
