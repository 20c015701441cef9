package io.cambium.nn.layers.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DenseTest {
    private static final Fixtures FIX = Fixtures.load("nn_core.json");

    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(7);
    }

    private void checkCase(String name) {
        Fixtures.Case c = FIX.get(name);
        boolean bias = c.attr("use_bias").asBoolean();
        Dense d = new Dense(c.attr("units").asInt()).useBias(bias).activation(c.attr("activation").asText());
        Tensor x = c.tensor("x").requiresGrad(true);
        d.ensureBuilt(List.of(x.shape()));
        if (bias) {
            d.setWeights(List.of(c.tensor("kernel"), c.tensor("bias")));
        } else {
            d.setWeights(List.of(c.tensor("kernel")));
        }
        Tensor out = d.apply(x, true);
        Fixtures.assertClose(name + " out", c.tensor("out"), out, 1e-5, 1e-5);
        out.backward(c.tensor("gout"));
        Fixtures.assertClose(name + " gx", c.tensor("gx"), x.grad(), 1e-5, 1e-5);
        Fixtures.assertClose(name + " gkernel", c.tensor("gkernel"), d.kernel().grad(), 1e-5, 1e-5);
        if (bias) {
            Fixtures.assertClose(name + " gbias", c.tensor("gbias"), d.bias().grad(), 1e-5, 1e-5);
        }
    }

    @Test
    void matchesPyTorchOnRank2Rank3AndWithoutBias() {
        checkCase("dense_2d");
        checkCase("dense_3d");
        checkCase("dense_nobias");
    }

    @Test
    void fusedReluMatchesPyTorchWithAndWithoutBias() {
        checkCase("dense_relu");
        checkCase("dense_relu_3d_nobias");
    }

    @Test
    void fusedOpEqualsMatmulAddReluBitForBit() {
        for (boolean bias : new boolean[] {true, false}) {
            for (String act : new String[] {"relu", "linear"}) {
                Dense d = new Dense(24).useBias(bias).activation(act);
                d.ensureBuilt(List.of(new int[] {-1, 2, 37}));
                if (bias) {
                    d.bias().value().copyFromInPlace(Tensor.randn(24));
                }
                Tensor x = Tensor.randn(3, 2, 37).requiresGrad(true);
                Tensor gout = Tensor.randn(3, 2, 24);
                d.apply(x, true).backward(gout);
                Tensor x2 = x.detach().requiresGrad(true);
                Tensor k2 = d.kernel().value().detach().requiresGrad(true);
                Tensor b2 = bias ? d.bias().value().detach().requiresGrad(true) : null;
                Tensor z = x2.reshape(-1, 37).matmul(k2);
                if (bias) {
                    z = z.add(b2);
                }
                z = act.equals("relu") ? z.relu() : z;
                Tensor ref = z.reshape(3, 2, 24);
                ref.backward(gout);
                String what = act + (bias ? " with bias" : " without bias");
                assertThat(d.apply(x, true).data()).as(what + " out").containsExactly(ref.data());
                assertThat(x.grad().data()).as(what + " gx").containsExactly(x2.grad().data());
                assertThat(d.kernel().grad().data()).as(what + " gkernel").containsExactly(k2.grad().data());
                if (bias) {
                    assertThat(d.bias().grad().data()).as(what + " gbias").containsExactly(b2.grad().data());
                }
            }
        }
    }

    @Test
    void fusedReluGradientsMatchFiniteDifferences() {
        Dense d = new Dense(3).activation("relu");
        d.ensureBuilt(List.of(new int[] {-1, 4}));
        d.bias().value().copyFromInPlace(Tensor.of(new float[] {0.3f, -0.2f, 0.1f}, 3));
        GradCheck.of(in -> d.apply(in[0], true)).check(Tensor.randn(5, 4));
    }

    @Test
    void inputGradientsMatchFiniteDifferencesOnRank3() {
        Dense d = new Dense(3).activation("tanh");
        d.ensureBuilt(List.of(new int[] {-1, 2, 4}));
        d.bias().value().fillInPlace(0.1f);
        GradCheck.of(in -> d.apply(in[0], true)).check(Tensor.randn(2, 2, 4));
    }

    @Test
    void layerGradientsAgreeWithFiniteDifferencesOnItsOwnWeights() {
        Dense d = new Dense(3).activation("tanh");
        d.ensureBuilt(List.of(new int[] {-1, 4}));
        Tensor x = Tensor.randn(5, 4);
        Tensor out = d.apply(x, true);
        Tensor w = Tensor.randn(5, 3);
        out.mul(w).sum().backward();
        float[] kd = d.kernel().value().data();
        float[] analytic = d.kernel().grad().toArray();
        for (int i = 0; i < kd.length; i++) {
            float orig = kd[i];
            kd[i] = orig + 1e-3f;
            double plus = d.apply(x).mul(w).sum().item();
            kd[i] = orig - 1e-3f;
            double minus = d.apply(x).mul(w).sum().item();
            kd[i] = orig;
            assertThat(analytic[i]).isCloseTo((float) ((plus - minus) / 2e-3), org.assertj.core.data.Offset.offset(5e-3f));
        }
    }

    @Test
    void defaultsAreGlorotUniformKernelAndZeroBias() {
        Dense d = new Dense(200);
        d.ensureBuilt(List.of(new int[] {-1, 100}));
        float limit = (float) Math.sqrt(6.0 / 300);
        float max = 0;
        for (float v : d.kernel().value().data()) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isLessThanOrEqualTo(limit).isGreaterThan(0.9f * limit);
        assertThat(d.bias().value().data()).containsOnly(0f);
        assertThat(d.kernel().name()).isEqualTo("dense/kernel");
        assertThat(d.countParams()).isEqualTo(100 * 200 + 200);
    }

    @Test
    void uniqueDefaultNamesFollowKeras() {
        assertThat(new Dense(1).name()).isEqualTo("dense");
        assertThat(new Dense(1).name()).isEqualTo("dense_1");
        assertThat(new Dropout(0.1).name()).isEqualTo("dropout");
        assertThat(Layer.snakeCase("MaxPooling2D")).isEqualTo("max_pooling2d");
        assertThat(Layer.snakeCase("Conv2D")).isEqualTo("conv2d");
        assertThat(Layer.snakeCase("BatchNormalization")).isEqualTo("batch_normalization");
    }

    @Test
    void wrongInputNamesLayerAndShapes() {
        new Dense(1);
        new Dense(1);
        Dense d = new Dense(10);
        d.ensureBuilt(List.of(new int[] {-1, 128}));
        assertThatThrownBy(() -> d.apply(Tensor.zeros(32, 64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dense 'dense_2': expected input (…, 128), got (32, 64)");
        assertThatThrownBy(() -> new Dense(3).apply(Tensor.zeros(5)))
                .hasMessageContaining("expected input of rank >= 2");
    }

    @Test
    void setWeightsChecksShapesWithTheLayerName() {
        Dense d = new Dense(2);
        d.ensureBuilt(List.of(new int[] {-1, 3}));
        assertThatThrownBy(() -> d.setWeights(List.of(Tensor.zeros(3, 3), Tensor.zeros(2))))
                .hasMessageContaining("Dense 'dense'").hasMessageContaining("(3, 2)").hasMessageContaining("(3, 3)");
        assertThatThrownBy(() -> d.setWeights(List.of(Tensor.zeros(3, 2))))
                .hasMessageContaining("got 1 arrays, the layer has 2 weights");
    }

    @Test
    void freezingMakesVariablesNonTrainable() {
        Dense d = new Dense(2);
        d.ensureBuilt(List.of(new int[] {-1, 3}));
        d.trainable(false);
        assertThat(d.trainableVariables()).isEmpty();
        assertThat(d.nonTrainableVariables()).hasSize(2);
        assertThat(d.kernel().value().requiresGrad()).isFalse();
        d.trainable(true);
        assertThat(d.trainableVariables()).hasSize(2);
    }

    @Test
    void kernelRegularizerAndActivityRegularizerProduceLosses() {
        Dense d = new Dense(2).kernelRegularizer(w -> w.mul(w).sum().mul(0.01f));
        d.activityRegularizer(y -> y.mul(y).sum());
        d.ensureBuilt(List.of(new int[] {-1, 3}));
        d.setWeights(List.of(Tensor.ones(3, 2), Tensor.zeros(2)));
        assertThat(d.regularizationLosses()).hasSize(1);
        assertThat(d.regularizationLosses().get(0).item()).isCloseTo(0.06f, org.assertj.core.data.Offset.offset(1e-6f));
        d.apply(Tensor.ones(4, 3), true);
        // activity: sum(3^2 * 8 elements) / batch 4 = 18
        assertThat(d.losses()).hasSize(1);
        assertThat(d.losses().get(0).item()).isEqualTo(18f);
    }

    @Test
    void constraintIsAppliedAfterAStep() {
        Dense d = new Dense(2).kernelConstraint(w -> {
            float[] a = w.data();
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.max(0, a[i]);
            }
        });
        d.ensureBuilt(List.of(new int[] {-1, 3}));
        d.setWeights(List.of(Tensor.full(-1f, 3, 2), Tensor.zeros(2)));
        d.applyConstraints();
        assertThat(d.kernel().value().data()).containsOnly(0f);
    }

    @Test
    void configRoundTripsThroughTheRegistry() {
        Dense d = new Dense(7).useBias(false).kernelInitializer(io.cambium.nn.initializers.Initializers.heNormal())
                .kernelRegularizer(io.cambium.nn.regularizers.Regularizers.l2(0.01f)).inputShape(5);
        d.activityRegularizer(io.cambium.nn.regularizers.Regularizers.l1(0.001f));
        Map<String, Object> cfg = d.config();
        Layer copy = LayerRegistry.create("Dense", cfg);
        assertThat(copy).isInstanceOf(Dense.class);
        assertThat(copy.name()).isEqualTo(d.name());
        assertThat(copy.config()).isEqualTo(cfg);
        assertThat(copy.declaredInputShape()).containsExactly(5);
        assertThat(cfg).containsKeys("kernel_initializer", "kernel_regularizer", "activity_regularizer");
        Dense custom = new Dense(1).kernelRegularizer(w -> w.sum());
        assertThatThrownBy(custom::config).hasMessageContaining("custom regularizer cannot be saved");
    }
}
