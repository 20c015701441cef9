package io.cambium.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.layers.conv.DepthwiseConv2D;
import io.cambium.nn.layers.merge.Add;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The builders against keras.applications: parameter counts of Keras's models (from their
 * summaries), layer names, output shapes, and the options (includeTop, pooling, width).
 */
class BuildersTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(1);
    }

    private static int[] outShape(Model m) {
        return m.outputs().get(0).shape();
    }

    @Test
    void resnet50HasKerasParameterCountAndNames() {
        Model m = ResNet.resnet50().build();
        assertThat(m.countParams()).isEqualTo(25_636_712L);
        assertThat(m.name()).isEqualTo("resnet50");
        for (String n : List.of("conv1_pad", "conv1_conv", "pool1_pool", "conv2_block1_0_conv", "conv2_block1_3_bn",
                "conv3_block1_1_conv", "conv4_block6_out", "conv5_block3_add", "avg_pool", "predictions")) {
            assertThat(m.getLayer(n)).isNotNull();
        }
        assertThat(m.getLayer("conv5_block3_out").output().shape()).containsExactly(-1, 7, 7, 2048);
        assertThat(outShape(m)).containsExactly(-1, 1000);
        Layer.resetNames();
        Model noTop = ResNet.resnet50().includeTop(false).build();
        assertThat(noTop.countParams()).isEqualTo(23_587_712L);
        assertThat(outShape(noTop)).containsExactly(-1, 7, 7, 2048);
    }

    @Test
    void mobileNetV2HasKerasParameterCountAndNames() {
        Model m = new MobileNetV2().build();
        assertThat(m.countParams()).isEqualTo(3_538_984L);
        assertThat(m.name()).isEqualTo("mobilenetv2_1.00_224");
        assertThat(m.getLayer("block_1_pad").output().shape()).containsExactly(-1, 113, 113, 96);
        assertThat(m.getLayer("block_16_project_BN").output().shape()).containsExactly(-1, 7, 7, 320);
        assertThat(m.getLayer("out_relu").output().shape()).containsExactly(-1, 7, 7, 1280);
        assertThat(m.getLayer("expanded_conv_depthwise")).isInstanceOf(DepthwiseConv2D.class);
        // Residual additions only where the shape is kept: blocks 2, 4, 5, 7-9, 11, 12, 14, 15.
        List<String> adds = new ArrayList<>();
        for (Layer l : m.layers()) {
            if (l instanceof Add) {
                adds.add(l.name());
            }
        }
        assertThat(adds).containsExactly("block_2_add", "block_4_add", "block_5_add", "block_7_add", "block_8_add",
                "block_9_add", "block_11_add", "block_12_add", "block_14_add", "block_15_add");
    }

    @Test
    void mobileNetV2WidthMultiplierRoundsToMultiplesOfEight() {
        assertThat(MobileNetV2.makeDivisible(32 * 0.35, 8)).isEqualTo(16);
        assertThat(MobileNetV2.makeDivisible(16 * 0.35, 8)).isEqualTo(8);
        assertThat(MobileNetV2.makeDivisible(96 * 0.5, 8)).isEqualTo(48);
        assertThat(MobileNetV2.makeDivisible(1280 * 1.4, 8)).isEqualTo(1792);
        Model m = new MobileNetV2().alpha(0.5).includeTop(false).pooling("avg").build();
        assertThat(m.getLayer("Conv1").output().shape()).containsExactly(-1, 112, 112, 16);
        assertThat(m.getLayer("block_16_project").output().shape()).containsExactly(-1, 7, 7, 160);
        assertThat(outShape(m)).containsExactly(-1, 1280);
    }

    @Test
    void vgg16HasKerasParameterCount() {
        Model m = Vgg.vgg16().includeTop(false).build();
        assertThat(m.countParams()).isEqualTo(14_714_688L);
        assertThat(m.getLayer("block5_pool").output().shape()).containsExactly(-1, 7, 7, 512);
        assertThat(m.getLayer("block3_conv3")).isNotNull();
        Layer.resetNames();
        // The top of Keras's VGG16: 25088*4096+4096 + 4096*4096+4096 + 4096*1000+1000 = 123,642,856.
        Model small = Vgg.vgg16().inputShape(32, 32, 3).fullyConnected(16, 16).classes(4).build();
        assertThat(small.countParams()).isEqualTo(14_714_688L + (512 * 16 + 16) + (16 * 16 + 16) + (16 * 4 + 4));
    }

    @Test
    void smallNetworksForTwentyEightPixelImages() {
        Model r20 = ResNet.small(20).build();
        assertThat(r20.getLayer("conv4_block3_out").output().shape()).containsExactly(-1, 7, 7, 64);
        assertThat(r20.getLayer("conv2_block1_out").output().shape()).containsExactly(-1, 28, 28, 16);
        assertThat(outShape(r20)).containsExactly(-1, 10);
        // 19 convolutions + 1 Dense = 20 weighted layers on the main path (projections are shortcuts).
        long mainPath = r20.layers().stream().filter(l -> l.getClass().getSimpleName().equals("Conv2D")
                && !l.name().endsWith("_0_conv")).count();
        assertThat(mainPath).isEqualTo(19);
        assertThat(ResNet.small(20).architecture())
                .isEqualTo("ResNet-20 (basic blocks 3-3-3, filters 16-32-64, small-image stem)");

        Layer.resetNames();
        Model wide = ResNet.small(8).width(32).includeTop(false).pooling("max").build();
        assertThat(outShape(wide)).containsExactly(-1, 128);

        Layer.resetNames();
        Model mb = MobileNetV2.small().alpha(0.5).build();
        assertThat(mb.getLayer("block_2_add").output().shape()).containsExactly(-1, 28, 28, 16);
        assertThat(mb.getLayer("out_relu").output().shape()).containsExactly(-1, 4, 4, 1280);

        Layer.resetNames();
        Model vgg = Vgg.small().build();
        assertThat(vgg.getLayer("block3_pool").output().shape()).containsExactly(-1, 3, 3, 128);

        Layer.resetNames();
        Model lenet = new LeNet().build();
        assertThat(lenet.countParams()).isEqualTo(61_706L);
        assertThat(lenet.getLayer("s4").output().shape()).containsExactly(-1, 5, 5, 16);
    }

    @Test
    void basicBlockNetworksFollowThePaper() {
        Model r18 = ResNet.resnet18().inputShape(64, 64, 3).classes(5).build();
        assertThat(r18.getLayer("conv2_block2_out").output().shape()).containsExactly(-1, 16, 16, 64);
        assertThat(r18.getLayer("conv5_block2_out").output().shape()).containsExactly(-1, 2, 2, 512);
        // Projection shortcuts only where the shape changes: conv3, conv4 and conv5's first blocks.
        assertThat(r18.layers().stream().filter(l -> l.name().endsWith("_0_conv")).map(Layer::name))
                .containsExactly("conv3_block1_0_conv", "conv4_block1_0_conv", "conv5_block1_0_conv");
        Layer.resetNames();
        Model r34 = ResNet.resnet34().includeTop(false).inputShape(32, 32, 3).build();
        assertThat(r34.layers().stream().filter(l -> l instanceof Add).count()).isEqualTo(3 + 4 + 6 + 3);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> ResNet.small(10)).hasMessageContaining("depth must be 6n+2");
        assertThatThrownBy(() -> new MobileNetV2().alpha(0)).hasMessageContaining("alpha must be > 0");
        assertThatThrownBy(() -> ResNet.resnet18().classes(0)).hasMessageContaining("classes must be >= 1");
        assertThatThrownBy(() -> ResNet.resnet18().pooling("mean")).hasMessageContaining("\"avg\" or \"max\"");
        assertThatThrownBy(() -> new LeNet().inputShape(28, 0, 1)).hasMessageContaining("LeNet-5: input shape");
    }
}
