package io.cambium.nn.layers;

import static io.cambium.testing.Fixtures.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.Layer;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.conv.DepthwiseConv2D;
import io.cambium.nn.layers.conv.SeparableConv2D;
import io.cambium.nn.layers.core.ELU;
import io.cambium.nn.layers.core.LeakyReLU;
import io.cambium.nn.layers.core.PReLU;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.nn.layers.preprocessing.Normalization;
import io.cambium.nn.layers.preprocessing.Rescaling;
import io.cambium.nn.layers.regularization.GaussianNoise;
import io.cambium.nn.layers.regularization.SpatialDropout;
import io.cambium.nn.layers.reshaping.Cropping2D;
import io.cambium.nn.layers.reshaping.UpSampling2D;
import io.cambium.nn.layers.reshaping.ZeroPadding2D;
import io.cambium.nn.testing.LayerFixtures;
import io.cambium.nn.testing.LayerGradCheck;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Normalization, embedding, transposed/depthwise/separable convolution, reshaping and activation layers. */
class MoreLayersTest {
    private static final Fixtures FIX = Fixtures.load("nn_layers.json");
    private final Rng rng = new Rng(21);

    @BeforeEach
    void resetNames() {
        Layer.resetNames();
    }

    private static void matches(Layer layer, String name, String inputName, boolean training, String... weights) {
        LayerFixtures.matches(FIX, layer, name, inputName, training, weights);
    }

    @Test
    void batchNormalizationTrainsOnBatchStatisticsAndUpdatesMovingOnes() {
        BatchNormalization bn = new BatchNormalization();
        matches(bn, "batchnorm_train", "x", true, "gamma", "beta");
        Fixtures.Case c = FIX.get("batchnorm_train");
        assertClose("moving mean", c.tensor("moving_mean_after"), bn.movingMean().value(), 1e-4, 1e-6);
        assertClose("moving variance", c.tensor("moving_var_after"), bn.movingVariance().value(), 1e-4, 1e-6);
        assertThat(bn.movingMean().trainable()).isFalse();
        LayerGradCheck.check(new BatchNormalization(), Tensor.normal(rng, 0, 1, 4, 3, 2), true);
    }

    @Test
    void batchNormalizationUsesMovingStatisticsAtInference() {
        BatchNormalization bn = new BatchNormalization().epsilon(0);
        bn.ensureBuilt(List.of(new int[] {-1, 2}));
        bn.setWeights(List.of(Tensor.of(new float[] {2, 1}), Tensor.of(new float[] {0, 1}),
                Tensor.of(new float[] {1, -1}), Tensor.of(new float[] {4, 1})));
        Tensor y = bn.apply(Tensor.of(new float[] {3, 0}, 1, 2), false);
        assertThat(y.toArray()).containsExactly(2f, 2f); // 2*(3-1)/2 + 0, 1*(0+1)/1 + 1
        LayerGradCheck.check(bn, Tensor.normal(rng, 0, 1, 3, 2), false);
    }

    @Test
    void layerNormalizationMatchesTorch() {
        matches(new LayerNormalization(), "layernorm", "x", false, "gamma", "beta");
        LayerGradCheck.check(new LayerNormalization(), Tensor.normal(rng, 0, 1, 2, 3, 5), false);
    }

    @Test
    void embeddingMatchesTorchAndMasksZeros() {
        matches(new Embedding(7, 3), "embedding", "ids", false, "table");
        Embedding e = new Embedding(5, 2).maskZero(true);
        Tensor out = e.apply(Tensor.of(new float[] {1, 0, 3, 0}, 2, 2));
        assertThat(io.cambium.nn.Masks.of(out).toArray()).containsExactly(1f, 0f, 1f, 0f);
    }

    @Test
    void transposedDepthwiseAndSeparableConvolutionsMatchTorch() {
        matches(new Conv2DTranspose(2, 3).strides(2), "conv2d_transpose_valid_s2", "x", false, "kernel", "bias");
        matches(new DepthwiseConv2D(3, 2), "depthwise_valid_m2", "x", false, "kernel", "bias");
        matches(new SeparableConv2D(4, 3).padding("same"), "separable_same", "x", false, "dkernel", "pkernel", "bias");
        LayerGradCheck.check(new Conv2DTranspose(2, 3).strides(2).padding("same"), Tensor.normal(rng, 0, 1, 1, 3, 3, 2),
                false);
        LayerGradCheck.check(new SeparableConv2D(3, 3).depthMultiplier(2), Tensor.normal(rng, 0, 1, 1, 4, 4, 2), false);
    }

    @Test
    void transposedConvolutionOutputShapesFollowKeras() {
        Conv2DTranspose valid = new Conv2DTranspose(8, 3).strides(2);
        assertThat(valid.computeOutputShape(new int[] {-1, 7, 7, 4})).containsExactly(-1, 15, 15, 8);
        Conv2DTranspose same = new Conv2DTranspose(8, 4).strides(2).padding("same");
        assertThat(same.apply(Tensor.zeros(1, 7, 7, 4)).shape()).containsExactly(1, 14, 14, 8);
    }

    @Test
    void reshapingLayersMatchTorch() {
        matches(new UpSampling2D(2), "upsampling2d", "x", false);
        matches(new ZeroPadding2D(1, 0, 2, 1), "zeropadding2d", "x", false);
        matches(new Cropping2D(1, 1, 2, 1), "cropping2d", "x", false);
    }

    @Test
    void activationLayersMatchTorch() {
        matches(new PReLU(), "prelu", "x", false, "alpha");
        matches(new LeakyReLU(), "leaky_relu", "x", false);
        matches(new ELU(), "elu", "x", false);
    }

    @Test
    void preprocessingLayers() {
        Tensor data = Tensor.of(new float[] {1, 10, 3, 30, 5, 50}, 3, 2);
        Normalization n = new Normalization().adapt(data);
        Tensor z = n.apply(data);
        assertClose("standardized", Tensor.of(new float[] {-1.2247449f, -1.2247449f, 0, 0, 1.2247449f, 1.2247449f}, 3, 2),
                z, 1e-5, 1e-6);
        assertThat(new Rescaling(1 / 255f).apply(Tensor.of(new float[] {255f})).item()).isEqualTo(1f);
    }

    @Test
    void noiseLayersAreActiveOnlyInTraining() {
        Tensor x = Tensor.ones(8, 4, 4, 16);
        GaussianNoise g = new GaussianNoise(0.5);
        assertThat(g.apply(x, false).toArray()).containsOnly(1f);
        Tensor noisy = g.apply(x, true);
        double sd = noisy.sub(x).std(new int[] {0, 1, 2, 3}, 0, false).item();
        assertThat(sd).isBetween(0.45, 0.55);
        SpatialDropout sdrop = new SpatialDropout(0.5);
        Tensor d = sdrop.apply(x, true);
        // Each (sample, channel) feature map is either all zeros or all 2s.
        for (int b = 0; b < 8; b++) {
            for (int ch = 0; ch < 16; ch++) {
                float first = d.get(b, 0, 0, ch);
                assertThat(first == 0f || first == 2f).isTrue();
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        assertThat(d.get(b, i, j, ch)).isEqualTo(first);
                    }
                }
            }
        }
    }
}
