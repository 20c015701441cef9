package io.cambium.nn.layers.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Masks;
import io.cambium.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MultiHeadAttention's causal option and boolean masks as in Keras (issue 14). */
class AttentionMaskKerasTest {
    private Tensor x;

    @BeforeEach
    void data() {
        Layer.resetNames();
        Cambium.seed(9);
        x = Tensor.randn(2, 4, 6);
    }

    private static MultiHeadAttention twin(MultiHeadAttention a, boolean causal) {
        MultiHeadAttention b = new MultiHeadAttention(2, 3).useCausalMask(causal);
        b.build(List.of(new int[] {-1, 4, 6}, new int[] {-1, 4, 6}));
        b.setWeights(a.getWeights());
        return b;
    }

    @Test
    void aCallsCausalArgumentDoesNotSwitchOffUseCausalMask() {
        MultiHeadAttention causal = new MultiHeadAttention(2, 3).useCausalMask(true);
        Tensor viaOption = causal.call(x, x, null, null, false, false, false).get(0);
        Tensor viaArgument = causal.call(x, x, null, null, true, false, false).get(0);
        Tensor plain = twin(causal, false).call(x, x, null, null, false, false, false).get(0);
        // Before: causal=false overrode useCausalMask(true) and this equalled the non-causal output.
        assertThat(viaOption.toArray()).containsExactly(viaArgument.toArray());
        assertThat(viaOption.toArray()).isNotEqualTo(plain.toArray());
        // The first query sees only the first key in both causal forms; the last sees all keys in every form.
        assertThat(causal.apply(x).toArray()).containsExactly(viaOption.toArray());
    }

    @Test
    void booleanMasksAsInKeras() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 3);
        boolean[][] lowerTriangle = new boolean[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j <= i; j++) {
                lowerTriangle[i][j] = true;
            }
        }
        Tensor causal = mha.call(x, x, null, null, true, false, false).get(0);
        Tensor shared = mha.call(x, x, null, Masks.fromBooleans(lowerTriangle), false, false, false).get(0);
        Tensor perSample = mha.call(x, x, null, Masks.fromBooleans(new boolean[][][] {lowerTriangle, lowerTriangle}),
                false, false, false).get(0);
        Tensor rank2 = mha.call(x, x, null, Masks.fromBooleans(lowerTriangle).reshape(4, 4), false, false, false).get(0);
        assertThat(shared.toArray()).containsExactly(causal.toArray());
        assertThat(perSample.toArray()).containsExactly(causal.toArray());
        assertThat(rank2.toArray()).containsExactly(causal.toArray());
    }

    @Test
    void anAdditiveMaskIsRejectedInsteadOfMaskingEverything() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 3).name("mha");
        float[] additive = new float[16];
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                additive[i * 4 + j] = Float.NEGATIVE_INFINITY;
            }
        }
        // Before: values <= 0.5 meant "masked", so PyTorch's 0 / -inf mask silently masked every position.
        assertThatThrownBy(() -> mha.call(x, x, null, new Tensor(additive, 1, 4, 4), false, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MultiHeadAttention 'mha': attention_mask is boolean")
                .hasMessageContaining("-Infinity at flat position 1");
        assertThatThrownBy(() -> mha.call(x, x, null, Tensor.ones(3, 4, 4), false, false, false))
                .hasMessageContaining("expected attention_mask (2, 4, 4) or (4, 4), got (3, 4, 4)");
    }
}
