package io.cambium.nn.layers.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.ModelConfig;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.conv.TCNBlock;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.recurrent.Bidirectional;
import io.cambium.nn.layers.recurrent.GRU;
import io.cambium.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A functional model mixing the sequence layers survives a JSON round trip with identical predictions. */
class SequenceModelConfigTest {
    @Test
    void functionalSequenceModelRoundTrips() {
        Layer.resetNames();
        Cambium.seed(31);
        SymbolicTensor ids = Input.shape(6);
        SymbolicTensor memory = Input.shape(4, 8);
        SymbolicTensor h = new TokenAndPositionEmbedding(12, 6, 8).apply(ids);
        h = new TransformerEncoderBlock(16, 2).normalizeFirst(true).apply(h);
        h = new TransformerDecoderBlock(16, 2).apply(h, memory);
        h = new MultiHeadAttention(2, 4).useCausalMask(true).rotaryEmbedding(true).apply(h, memory, memory);
        h = new Bidirectional(new GRU(5).returnSequences(true)).mergeMode("sum").apply(h);
        h = new TCNBlock(6, 2, 2).apply(h);
        SymbolicTensor out = new Dense(3).apply(h);
        Model model = new Model(List.of(ids, memory), out);
        String json = ModelConfig.toJson(model);
        Model copy = ModelConfig.fromJson(json);
        assertThat(ModelConfig.toJson(copy)).isEqualTo(json);
        assertThat(copy.countParams()).isEqualTo(model.countParams());
        copy.setWeights(model.getWeights());
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 11, 3, 4, 4, 7, 9, 10, 1}, 2, 6);
        Tensor m = Tensor.randn(2, 4, 8);
        Tensor a = model.applyAll(List.of(x, m), false).get(0);
        Tensor b = copy.applyAll(List.of(x, m), false).get(0);
        assertThat(a.shape()).containsExactly(2, 6, 3);
        assertThat(b.data()).containsExactly(a.data());
        assertThat(model.summaryString()).contains("TransformerEncoderBlock", "Bidirectional", "TCNBlock");
        System.out.println(model.summaryString());
    }
}
