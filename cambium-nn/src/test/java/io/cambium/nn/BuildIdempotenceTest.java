package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.layers.attention.MultiHeadAttention;
import io.cambium.nn.layers.attention.TransformerEncoderBlock;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.recurrent.LSTM;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras's build → setWeights → apply: building twice keeps the weights (issue 14). */
class BuildIdempotenceTest {

    private static List<Tensor> constants(Layer layer, float start) {
        List<Tensor> out = new ArrayList<>();
        float v = start;
        for (Variable var : layer.variables()) {
            out.add(Tensor.full(v, var.shape()));
            v += 0.25f;
        }
        return out;
    }

    @Test
    void denseBuildThenSetWeightsThenApplyUsesTheSetWeights() {
        Dense d = new Dense(2);
        d.build(new int[] {-1, 3});
        assertThat(d.isBuilt()).isTrue();
        assertThat(d.variables()).hasSize(2);
        d.setWeights(List.of(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), Tensor.of(new float[] {10, 20})));
        Tensor y = d.apply(Tensor.of(new float[][] {{1, 1, 1}}));
        // Before: apply built a second time with fresh random weights and 4 variables.
        assertThat(d.variables()).hasSize(2);
        assertThat(y.toArray()).containsExactly(1 + 3 + 5 + 10, 2 + 4 + 6 + 20);
    }

    @Test
    void multiHeadAttentionKeepsItsEightWeights() {
        Cambium.seed(1);
        MultiHeadAttention mha = new MultiHeadAttention(2, 3);
        mha.build(List.of(new int[] {-1, 4, 5}, new int[] {-1, 4, 5}));
        assertThat(mha.variables()).hasSize(8);
        List<Tensor> w = constants(mha, 0.01f);
        mha.setWeights(w);
        Tensor x = Tensor.randn(2, 4, 5);
        Tensor y = mha.apply(x);
        assertThat(mha.variables()).hasSize(8);
        for (int i = 0; i < w.size(); i++) {
            assertThat(mha.getWeights().get(i).toArray()).containsExactly(w.get(i).toArray());
        }
        // A second build is a no-op too, and the output does not change.
        mha.build(List.of(new int[] {-1, 4, 5}, new int[] {-1, 4, 5}));
        assertThat(mha.variables()).hasSize(8);
        assertThat(mha.apply(x).toArray()).containsExactly(y.toArray());
    }

    @Test
    void recurrentConvAndCompositeLayersBuildOnce() {
        LSTM lstm = new LSTM(3);
        lstm.build(new int[] {-1, 5, 2});
        lstm.build(new int[] {-1, 5, 2});
        assertThat(lstm.variables()).hasSize(3);
        Conv2D conv = new Conv2D(4, 3);
        conv.build(new int[] {-1, 8, 8, 1});
        conv.apply(Tensor.zeros(1, 8, 8, 1));
        assertThat(conv.variables()).hasSize(2);
        TransformerEncoderBlock block = new TransformerEncoderBlock(8, 2);
        block.build(new int[] {-1, 4, 6});
        int n = block.variables().size();
        List<Tensor> w = constants(block, 0.02f);
        block.setWeights(w);
        block.apply(Tensor.randn(1, 4, 6));
        assertThat(block.variables()).hasSize(n);
        assertThat(block.getWeights().get(0).toArray()).containsExactly(w.get(0).toArray());
    }

    @Test
    void buildingAgainForAnotherInputSizeIsAnError() {
        Dense d = new Dense(2).name("head");
        d.build(new int[] {-1, 3});
        assertThatThrownBy(() -> d.build(new int[] {-1, 4}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Dense 'head' is already built")
                .hasMessageContaining("(3, 2)")
                .hasMessageContaining("(4, 2)");
    }
}
