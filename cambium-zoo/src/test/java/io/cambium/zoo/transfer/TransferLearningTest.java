package io.cambium.zoo.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.zoo.vision.ResNet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Features from several stages of a backbone: the global average of each named layer's output, concatenated. */
class TransferLearningTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
    }

    @Test
    void stageFeaturesAreTheGlobalAveragesOfTheNamedOutputsInOrder() {
        Cambium.seed(4);
        Model backbone = ResNet.small(8).width(4).includeTop(false).build();
        Model features = TransferLearning.stageFeatures(backbone, "conv4_block1_out", "conv2_block1_out", "conv3_block1_1_relu");
        Tensor x = Tensor.normal(new Rng(9), 0, 1, 3, 28, 28, 1);
        Tensor f = features.predict(x);
        assertThat(f.shape()).containsExactly(3, 16 + 4 + 8);

        Model maps = new Model(backbone.inputs(), List.of(backbone.getLayer("conv4_block1_out").output(),
                backbone.getLayer("conv2_block1_out").output(), backbone.getLayer("conv3_block1_1_relu").output()));
        List<Tensor> outs = maps.callAll(x);
        Tensor expected = Tensor.concat(1, outs.get(0).mean(new int[] {1, 2}, false),
                outs.get(1).mean(new int[] {1, 2}, false), outs.get(2).mean(new int[] {1, 2}, false));
        float[] e = expected.data();
        float[] a = f.data();
        assertThat(a).hasSize(e.length);
        for (int i = 0; i < e.length; i++) {
            assertThat(a[i]).as("feature %d", i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void stageFeaturesShareTheBackbonesLayersAndNameAMissingOne() {
        Model backbone = ResNet.small(8).width(4).includeTop(false).build();
        Model features = TransferLearning.stageFeatures(backbone, "conv3_block1_out");
        assertThat(features.getLayer("conv1_conv")).isSameAs(backbone.getLayer("conv1_conv"));
        assertThat(features.predict(Tensor.zeros(2, 28, 28, 1)).shape()).containsExactly(2, 8);
        assertThatThrownBy(() -> TransferLearning.stageFeatures(backbone, "conv9_block1_out"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conv9_block1_out");
        assertThatThrownBy(() -> TransferLearning.stageFeatures(backbone))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one layer");
    }
}
