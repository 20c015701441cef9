package io.cambium.nn.layers.conv;

import static io.cambium.testing.Fixtures.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Convolution and pooling layers against PyTorch (tools/fixtures/gen_nn_layers.py). */
class ConvLayersTest {
    private static final Fixtures FIX = Fixtures.load("nn_layers.json");

    @BeforeEach
    void resetNames() {
        Layer.resetNames();
    }

    private static void checkLayer(Layer layer, Fixtures.Case c, boolean withWeights) {
        Tensor x = c.tensor("x").requiresGrad(true);
        if (withWeights) {
            layer.ensureBuilt(List.of(x.shape()));
            layer.setWeights(List.of(c.tensor("kernel"), c.tensor("bias")));
        }
        Tensor y = layer.apply(x, true);
        assertClose(c.id() + " out", c.tensor("out"), y, 1e-4, 1e-5);
        y.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-4, 1e-5);
        if (withWeights) {
            List<io.cambium.nn.Variable> vars = layer.variables();
            assertClose(c.id() + " gkernel", c.tensor("gkernel"), vars.get(0).grad(), 1e-4, 1e-5);
            assertClose(c.id() + " gbias", c.tensor("gbias"), vars.get(1).grad(), 1e-4, 1e-5);
        }
    }

    @Test
    void conv2dMatchesTorch() {
        for (String name : List.of("conv2d_same_s2_relu", "conv2d_valid_linear")) {
            Fixtures.Case c = FIX.get(name);
            Conv2D conv = new Conv2D(c.attr("filters").asInt(), c.attr("kernel").asInt())
                    .strides(c.attr("stride").asInt()).padding(c.attr("padding").asText())
                    .activation(c.attr("activation").asText());
            checkLayer(conv, c, true);
        }
    }

    @Test
    void causalDilatedConv1dMatchesTorch() {
        Fixtures.Case c = FIX.get("conv1d_causal_d2");
        Conv1D conv = new Conv1D(c.attr("filters").asInt(), c.attr("kernel").asInt()).padding("causal")
                .dilationRate(c.attr("dilation").asInt());
        assertThat(conv.receptiveField()).isEqualTo(5);
        checkLayer(conv, c, true);
    }

    @Test
    void poolingMatchesTorch() {
        checkLayer(new MaxPooling2D(2), FIX.get("maxpool2d"), false);
        checkLayer(new GlobalAveragePooling2D(), FIX.get("global_avg2d"), false);
    }

    @Test
    void conv2dLayerGradientsByFiniteDifferences() {
        Rng rng = new Rng(4);
        Conv2D conv = new Conv2D(3, 3).padding("same").strides(2).activation("tanh");
        conv.ensureBuilt(List.of(new int[] {-1, 5, 5, 2}));
        GradCheck.of(in -> {
            conv.setWeights(List.of(in[1], in[2]));
            return in[0].conv2d(in[1], new int[] {2, 2}, io.cambium.tensor.ops.ConvPadding.SAME, new int[] {1, 1}, 1)
                    .add(in[2]).tanh();
        }).check(Tensor.normal(rng, 0, 1, 2, 5, 5, 2), Tensor.normal(rng, 0, 0.3f, 3, 3, 2, 3),
                Tensor.normal(rng, 0, 0.1f, 3));
    }

    @Test
    void question10CnnHasKerasCountsAndShapes() {
        var model = new Sequential(
                new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1),
                new MaxPooling2D(2),
                new Conv2D(64, 3).activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(128).activation("relu"),
                new Dense(10).activation("softmax"));
        assertThat(model.countParams()).isEqualTo(225_034);
        assertThat(model.summaryString()).contains("(None, 26, 26, 32)").contains("(None, 13, 13, 32)")
                .contains("(None, 11, 11, 64)").contains("(None, 5, 5, 64)").contains("(None, 1600)")
                .contains("18496").contains("204928").contains("Total params: 225,034");
    }

    @Test
    void wrongChannelCountIsNamed() {
        Conv2D conv = new Conv2D(4, 3);
        conv.apply(Tensor.zeros(1, 5, 5, 3));
        assertThatThrownBy(() -> conv.apply(Tensor.zeros(1, 5, 5, 2)))
                .hasMessageContaining("Conv2D 'conv2d'").hasMessageContaining("expected input with 3 channels");
    }
}
