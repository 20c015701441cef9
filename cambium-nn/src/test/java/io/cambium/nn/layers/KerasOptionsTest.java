package io.cambium.nn.layers;

import static io.cambium.testing.Fixtures.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Activations;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.conv.DepthwiseConv2D;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.nn.testing.LayerFixtures;
import io.cambium.nn.testing.LayerGradCheck;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras options that were missing (issue 14): normalization axes, non-square depthwise and
 * transposed convolutions, and the approximate GELU by name, against PyTorch (fixture nn_api.json,
 * tools/fixtures/gen_nn_api.py).
 */
class KerasOptionsTest {
    private static final Fixtures FIX = Fixtures.load("nn_api.json");
    private final Rng rng = new Rng(14);

    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(14);
    }

    @Test
    void layerNormalizationOverSeveralAxes() {
        LayerFixtures.matches(FIX, new LayerNormalization().axis(-2, -1), "layernorm_last_two", "x", false, "gamma", "beta");
        LayerFixtures.matches(FIX, new LayerNormalization().axis(1), "layernorm_axis1", "x", false, "gamma", "beta");
        LayerFixtures.matches(FIX, new LayerNormalization().axis(3, 1), "layernorm_axes_1_3", "x", false, "gamma", "beta");
        LayerNormalization ln = new LayerNormalization().axis(1, 3);
        ln.build(new int[] {-1, 3, 4, 5});
        assertThat(ln.getWeights().get(0).shape()).containsExactly(3, 5);
        LayerGradCheck.check(new LayerNormalization().axis(1, 2), Tensor.normal(rng, 0, 1, 2, 3, 2, 2), false);
        assertThatThrownBy(() -> new LayerNormalization().name("ln").axis(0).apply(Tensor.ones(2, 3)))
                .hasMessageContaining("LayerNormalization 'ln': axis 0 is not a feature axis");
        assertThatThrownBy(() -> ln.apply(Tensor.ones(2, 3, 4, 6))).hasMessageContaining("expected input with (3, 5)");
    }

    @Test
    void batchNormalizationOnAnotherAxis() {
        BatchNormalization bn = new BatchNormalization().axis(1);
        LayerFixtures.matches(FIX, bn, "batchnorm_axis1_train", "x", true, "gamma", "beta");
        Fixtures.Case c = FIX.get("batchnorm_axis1_train");
        assertClose("moving mean", c.tensor("moving_mean_after"), bn.movingMean().value(), 1e-4, 1e-6);
        assertClose("moving variance", c.tensor("moving_var_after"), bn.movingVariance().value(), 1e-4, 1e-6);

        Fixtures.Case inf = FIX.get("batchnorm_axis1_infer");
        BatchNormalization frozen = new BatchNormalization().axis(1);
        frozen.build(inf.tensor("x").shape());
        frozen.setWeights(List.of(inf.tensor("gamma"), inf.tensor("beta"), inf.tensor("moving_mean"),
                inf.tensor("moving_variance")));
        assertClose("inference", inf.tensor("out"), frozen.apply(inf.tensor("x")), 1e-4, 1e-5);
        LayerGradCheck.check(new BatchNormalization().axis(-2), Tensor.normal(rng, 0, 1, 4, 3, 2), true);
    }

    @Test
    void nonSquareDepthwiseAndTransposedConvolutions() {
        LayerFixtures.matches(FIX, new DepthwiseConv2D(3, 2, 2).strides(2, 1), "depthwise_3x2_s2x1", "x", false,
                "kernel", "bias");
        LayerFixtures.matches(FIX, new Conv2DTranspose(2, 3, 2).strides(2, 3), "conv2d_transpose_3x2_s2x3", "x", false,
                "kernel", "bias");
        var t = new Conv2DTranspose(2, 3, 2).strides(2, 3);
        // Keras's output length in * s + max(k - s, 0); the shape computed ahead agrees with the op.
        assertThat(t.computeOutputShape(new int[] {-1, 3, 4, 3})).containsExactly(-1, 7, 12, 2);
        assertThat(t.apply(Tensor.zeros(1, 3, 4, 3)).shape()).containsExactly(1, 7, 12, 2);
        var padded = new Conv2DTranspose(2, 3).strides(2).padding("same").outputPadding(1, 0);
        assertThat(padded.computeOutputShape(new int[] {-1, 4, 4, 3})).containsExactly(-1, 8, 7, 2);
        assertThat(padded.apply(Tensor.zeros(1, 4, 4, 3)).shape()).containsExactly(1, 8, 7, 2);
        // The kernel size survives a save: the config round trip keeps 3 x 2.
        var again = (Conv2DTranspose) io.cambium.nn.LayerRegistry.create("Conv2DTranspose", t.config());
        assertThat(again.config().get("kernel_size")).isEqualTo(List.of(3, 2));
        var d = (DepthwiseConv2D) io.cambium.nn.LayerRegistry.create("DepthwiseConv2D",
                new DepthwiseConv2D(3, 2, 2).config());
        assertThat(d.config().get("kernel_size")).isEqualTo(List.of(3, 2));
    }

    @Test
    void approximateGeluByNameMatchesTorchAndIsSaved(@TempDir Path dir) throws Exception {
        Fixtures.Case c = FIX.get("gelu_approximate");
        Tensor x = c.tensor("x");
        assertClose("gelu_approximate", c.tensor("out"), new Activation("gelu_approximate").apply(x), 1e-5, 1e-6);
        assertClose("approximate flag", c.tensor("out"), Activations.gelu(true).apply(x), 1e-5, 1e-6);
        assertThat(new Activation("gelu").apply(x).toArray()).isNotEqualTo(c.tensor("out").toArray());

        var model = new Sequential(new Dense(4).activation("gelu_approximate").inputShape(7),
                new Dense(2).activation(Activations.gelu(true)));
        Path file = dir.resolve("gelu.cambium");
        model.save(file);
        Model loaded = Model.load(file);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) loaded.config().get("layers");
        assertThat(((Map<?, ?>) layers.get(1).get("config")).get("activation")).isEqualTo("gelu_approximate");
        assertThat(loaded.predict(x).toArray()).containsExactly(model.predict(x).toArray());
        assertThat(Files.size(file)).isPositive();
    }
}
