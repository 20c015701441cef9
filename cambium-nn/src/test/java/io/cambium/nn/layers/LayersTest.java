package io.cambium.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.Lambda;
import io.cambium.nn.layers.core.Permute;
import io.cambium.nn.layers.core.RepeatVector;
import io.cambium.nn.layers.core.Reshape;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.merge.Average;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.layers.merge.Multiply;
import io.cambium.nn.layers.merge.Subtract;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LayersTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(3);
    }

    @Test
    void concatenateMatchesPyTorch() {
        Fixtures fix = Fixtures.load("nn_core.json");
        for (String name : new String[] {"concat_last", "concat_mid"}) {
            Fixtures.Case c = fix.get(name);
            int n = c.attr("n").asInt();
            Tensor[] xs = new Tensor[n];
            for (int i = 0; i < n; i++) {
                xs[i] = c.tensor("x" + i).requiresGrad(true);
            }
            Tensor out = new Concatenate(c.attr("axis").asInt()).applyAll(List.of(xs), true).get(0);
            Fixtures.assertClose(name, c.tensor("out"), out, 0, 0);
            out.backward(c.tensor("gout"));
            for (int i = 0; i < n; i++) {
                Fixtures.assertClose(name + " gx" + i, c.tensor("gx" + i), xs[i].grad(), 0, 0);
            }
        }
    }

    @Test
    void mergeLayersHaveCorrectValuesAndGradients() {
        Tensor a = Tensor.randn(3, 4);
        Tensor b = Tensor.randn(3, 4);
        Tensor c = Tensor.randn(3, 4);
        GradCheck.of(in -> new Add().applyAll(List.of(in[0], in[1], in[2]), true).get(0)).check(a, b, c);
        GradCheck.of(in -> new Subtract().applyAll(List.of(in[0], in[1]), true).get(0)).check(a, b);
        GradCheck.of(in -> new Multiply().applyAll(List.of(in[0], in[1], in[2]), true).get(0)).check(a, b, c);
        GradCheck.of(in -> new Average().applyAll(List.of(in[0], in[1]), true).get(0)).check(a, b);
        GradCheck.of(in -> new Concatenate(1).applyAll(List.of(in[0], in[1]), true).get(0))
                .check(Tensor.randn(2, 3, 2), Tensor.randn(2, 1, 2));
        Tensor avg = new Average().applyAll(List.of(a, b), false).get(0);
        assertThat(avg.data()[5]).isCloseTo((a.data()[5] + b.data()[5]) / 2, offset(1e-6f));
        assertThatThrownBy(() -> new Subtract().applyAll(List.of(a, b, c), false))
                .hasMessageContaining("exactly 2 inputs, got 3");
    }

    @Test
    void shapeLayers() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        assertThat(new Flatten().apply(x).shape()).containsExactly(2, 12);
        assertThat(new Reshape(4, -1).apply(x).shape()).containsExactly(2, 4, 3);
        Tensor p = new Permute(2, 1).apply(x);
        assertThat(p.shape()).containsExactly(2, 4, 3);
        assertThat(p.get(1, 3, 2)).isEqualTo(x.get(1, 2, 3));
        Tensor r = new RepeatVector(3).apply(Tensor.arange(4).reshape(2, 2));
        assertThat(r.shape()).containsExactly(2, 3, 2);
        assertThat(r.get(1, 2, 1)).isEqualTo(3f);
        assertThat(new Reshape(4, -1).apply(Input.shape(3, 4)).shape()).containsExactly(-1, 4, 3);
        assertThat(new Permute(2, 1).apply(Input.shape(3, 4)).shape()).containsExactly(-1, 4, 3);
        assertThat(new Flatten().apply(Input.shape(28, 28, 1)).shape()).containsExactly(-1, 784);
        assertThat(new Lambda(t -> t.sum(1, false)).apply(Input.shape(3, 4)).shape()).containsExactly(-1, 4);
        assertThatThrownBy(() -> new Reshape(5).apply(x)).hasMessageContaining("Reshape 'reshape_")
                .hasMessageContaining("cannot reshape input (2, 3, 4)");
        GradCheck.of(in -> new Permute(2, 1).apply(in[0], true)).check(Tensor.randn(2, 3, 4));
        GradCheck.of(in -> new RepeatVector(3).apply(in[0], true)).check(Tensor.randn(2, 4));
        GradCheck.of(in -> new Reshape(-1).apply(in[0], true)).check(Tensor.randn(2, 3, 4));
    }

    @Test
    void dropoutIsInvertedAndOnlyActiveWhenTraining() {
        Dropout d = new Dropout(0.25);
        Tensor x = Tensor.ones(200, 50);
        assertThat(d.apply(x, false)).isSameAs(x);
        Tensor y = d.apply(x, true);
        int zeros = 0;
        double sum = 0;
        for (float v : y.data()) {
            if (v == 0) {
                zeros++;
            } else {
                assertThat(v).isCloseTo(1f / 0.75f, offset(1e-6f));
            }
            sum += v;
        }
        assertThat(zeros / 10000.0).isCloseTo(0.25, offset(0.02));
        assertThat(sum / 10000.0).isCloseTo(1.0, offset(0.03));
        // Gradient flows only through kept units, scaled.
        Tensor leaf = Tensor.ones(4, 5).requiresGrad(true);
        Cambium.seed(1);
        Tensor out = d.apply(leaf, true);
        out.sum().backward();
        assertThat(leaf.grad().data()).containsExactly(out.data());
        // Noise shape shares the mask along axes of size 1.
        Tensor seq = new Dropout(0.5).noiseShape(1, 6).apply(Tensor.ones(3, 4, 6), true);
        for (int b = 0; b < 3; b++) {
            for (int t = 1; t < 4; t++) {
                for (int f = 0; f < 6; f++) {
                    assertThat(seq.get(b, t, f)).isEqualTo(seq.get(b, 0, f));
                }
            }
        }
    }

    @Test
    void configsRoundTrip() {
        for (Layer l : new Layer[] {new Dropout(0.3), new Flatten(), new Reshape(2, -1), new Permute(2, 1),
                new RepeatVector(4), new Add(), new Concatenate(1), new Multiply(), new Average(), new Subtract()}) {
            Layer copy = LayerRegistry.create(l.className(), l.config());
            assertThat(copy.getClass()).isEqualTo(l.getClass());
            assertThat(copy.config()).isEqualTo(l.config());
        }
        assertThatThrownBy(() -> LayerRegistry.create("MyLayer", java.util.Map.of()))
                .hasMessageContaining("LayerRegistry.register(\"MyLayer\"");
    }
}
