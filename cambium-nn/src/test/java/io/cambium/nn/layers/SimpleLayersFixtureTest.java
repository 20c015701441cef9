package io.cambium.nn.layers;

import static io.cambium.testing.Fixtures.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.Layer;
import io.cambium.nn.Masks;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.Masking;
import io.cambium.nn.layers.core.Permute;
import io.cambium.nn.layers.core.RepeatVector;
import io.cambium.nn.layers.core.Reshape;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.merge.Average;
import io.cambium.nn.layers.merge.Multiply;
import io.cambium.nn.layers.merge.Subtract;
import io.cambium.nn.layers.pooling.AveragePooling1D;
import io.cambium.nn.layers.pooling.AveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling1D;
import io.cambium.nn.layers.pooling.GlobalMaxPooling2D;
import io.cambium.nn.layers.pooling.MaxPooling1D;
import io.cambium.nn.layers.preprocessing.Normalization;
import io.cambium.nn.layers.preprocessing.Rescaling;
import io.cambium.nn.testing.LayerGradCheck;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parameter-free, merge, pooling and preprocessing layers against PyTorch/NumPy
 * (tools/fixtures/gen_nn_simple_layers.py), each also checked by finite differences.
 */
class SimpleLayersFixtureTest {
    private static final Fixtures FIX = Fixtures.load("nn_simple_layers.json");
    private static final Map<String, Supplier<Layer>> UNARY = Map.ofEntries(
            Map.entry("activation_relu", () -> new Activation("relu")),
            Map.entry("activation_softmax", () -> new Activation("softmax")),
            Map.entry("activation_gelu", () -> new Activation("gelu")),
            Map.entry("flatten", Flatten::new),
            Map.entry("reshape", () -> new Reshape(4, 6)),
            Map.entry("permute", () -> new Permute(2, 1, 3)),
            Map.entry("repeat_vector", () -> new RepeatVector(3)),
            Map.entry("rescaling", () -> new Rescaling(0.5f, 1f)),
            Map.entry("avg_pool2d_same", () -> new AveragePooling2D(2).padding("same")),
            Map.entry("max_pool1d", () -> new MaxPooling1D(2)),
            Map.entry("avg_pool1d_s1", () -> new AveragePooling1D(3).strides(1)),
            Map.entry("global_max2d", GlobalMaxPooling2D::new),
            Map.entry("global_avg1d", GlobalAveragePooling1D::new));
    private static final Map<String, Supplier<Layer>> BINARY = Map.of(
            "add", Add::new, "subtract", Subtract::new, "multiply", Multiply::new, "average", Average::new);

    @BeforeEach
    void resetNames() {
        Layer.resetNames();
    }

    @Test
    void unaryLayersMatchReferences() {
        for (var e : UNARY.entrySet()) {
            Fixtures.Case c = FIX.get(e.getKey());
            Tensor x = c.tensor("x").requiresGrad(true);
            Layer layer = e.getValue().get();
            Tensor y = layer.apply(x, false);
            assertClose(c.id() + " out", c.tensor("out"), y, 1e-5, 1e-6);
            y.backward(c.tensor("gout"));
            assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-5, 1e-6);
            if (!e.getKey().startsWith("max") && !e.getKey().startsWith("global_max")) {
                LayerGradCheck.check(e.getValue().get(), c.tensor("x"), false);
            }
        }
    }

    @Test
    void mergeLayersMatchTorch() {
        for (var e : BINARY.entrySet()) {
            Fixtures.Case c = FIX.get(e.getKey());
            Tensor a = c.tensor("a").requiresGrad(true);
            Tensor b = c.tensor("b").requiresGrad(true);
            Tensor y = e.getValue().get().applyAll(List.of(a, b), false).get(0);
            assertClose(c.id() + " out", c.tensor("out"), y, 1e-6, 1e-6);
            y.backward(c.tensor("gout"));
            assertClose(c.id() + " ga", c.tensor("ga"), a.grad(), 1e-6, 1e-6);
            assertClose(c.id() + " gb", c.tensor("gb"), b.grad(), 1e-6, 1e-6);
        }
    }

    @Test
    void normalizationAdaptsLikeNumPy() {
        Fixtures.Case c = FIX.get("normalization");
        Normalization n = new Normalization().adapt(c.tensor("data"));
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor y = n.apply(x, false);
        assertClose(c.id() + " out", c.tensor("out"), y, 1e-5, 1e-6);
        y.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-5, 1e-6);
        LayerGradCheck.check(n, c.tensor("x"), false);
    }

    @Test
    void maskingZeroesAndMasksPaddedSteps() {
        Fixtures.Case c = FIX.get("masking");
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor y = new Masking().apply(x, false);
        assertClose(c.id() + " out", c.tensor("out"), y, 0, 0);
        assertThat(Masks.of(y).toArray()).containsExactly(c.tensor("mask").toArray());
        y.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 0, 0);
        LayerGradCheck.check(new Masking(), Tensor.normal(new Rng(1), 0, 1, 2, 3, 2), false);
    }
}
