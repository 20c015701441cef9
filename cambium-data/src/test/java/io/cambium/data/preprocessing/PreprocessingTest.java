package io.cambium.data.preprocessing;

import io.cambium.data.Example;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreprocessingTest {

    private static Scaler scaler(String name) {
        return switch (name) {
            case "standard" -> new StandardScaler();
            case "minmax_m1_2" -> new MinMaxScaler(-1, 2);
            case "robust" -> new RobustScaler();
            case "robust_10_90" -> new RobustScaler(true, true, 10, 90);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    void scalersMatchScikitLearn() {
        Fixtures fx = Fixtures.load("scalers.json");
        for (String name : fx.names()) {
            Fixtures.Case c = fx.get(name);
            Scaler s = scaler(name);
            Tensor out = s.fitTransform(c.tensor("x"));
            Fixtures.assertClose(name + " fit", c.tensor("fit_out"), out, 1e-5, 1e-5);
            Fixtures.assertClose(name + " probe", c.tensor("probe_out"), s.transform(c.tensor("probe")), 1e-5, 1e-5);
            Fixtures.assertClose(name + " inverse", c.tensor("probe"), s.inverseTransform(s.transform(c.tensor("probe"))),
                    1e-5, 1e-4);
        }
    }

    @Test
    void scalerErrorsAreClear() {
        assertThatThrownBy(() -> new StandardScaler().transform(Tensor.zeros(2, 2)))
                .hasMessageContaining("StandardScaler is not fitted");
        Scaler s = new MinMaxScaler().fit(Tensor.zeros(3, 2));
        assertThatThrownBy(() -> s.transform(Tensor.zeros(3, 4)))
                .hasMessageContaining("fitted on 2 features, got input (3, 4) with 4");
    }

    @Test
    void resizeMatchesPyTorchBilinear() {
        Fixtures fx = Fixtures.load("resize.json");
        for (String name : fx.names()) {
            Fixtures.Case c = fx.get(name);
            Tensor out = ImageOps.resize(c.tensor("image"), c.attr("height").asInt(), c.attr("width").asInt());
            Fixtures.assertClose(name, c.tensor("out"), out, 1e-5, 1e-3);
        }
    }

    @Test
    void normalizeAndRescale() {
        Tensor x = Tensor.of(new float[] {0, 10, 2, 20}, 1, 2, 2);
        assertThat(ImageOps.normalize(x, new float[] {1, 10}, new float[] {2, 5}).toArray())
                .containsExactly(-0.5f, 0f, 0.5f, 2f);
        assertThat(ImageOps.rescale(x, 0.5f, 1f).toArray()).containsExactly(1f, 6f, 2f, 11f);
        assertThatThrownBy(() -> ImageOps.normalize(x, new float[] {1}, new float[] {1}))
                .hasMessageContaining("2 channels");
    }

    @Test
    void labelAndOneHotEncoders() {
        LabelEncoder le = new LabelEncoder();
        assertThat(le.fitTransform(new String[] {"dog", "cat", "emu", "cat"})).containsExactly(1, 0, 2, 0);
        assertThat(le.classes()).containsExactly("cat", "dog", "emu");
        assertThat(le.inverseTransform(new int[] {2, 0})).containsExactly("emu", "cat");
        assertThatThrownBy(() -> le.transform(new String[] {"cow"})).hasMessageContaining("unseen label 'cow'");
        Tensor oh = OneHot.encode(Tensor.of(new float[] {2, 0, 1}), 3);
        assertThat(oh.shape()).containsExactly(3, 3);
        assertThat(oh.toArray()).containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0);
        assertThat(OneHot.decode(oh).toArray()).containsExactly(2f, 0f, 1f);
        assertThatThrownBy(() -> OneHot.encode(Tensor.of(new float[] {3}), 3)).hasMessageContaining("0..2");
    }

    @Test
    void stratifiedSplitKeepsClassProportionsAndIsSeeded() {
        float[] labels = new float[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 900 ? 0 : 1; // 90% / 10%
        }
        Splits.Split s = Splits.trainValTest(1000, 0.2, 0.1, labels, 5);
        assertThat(s.train()).hasSize(700);
        assertThat(s.val()).hasSize(200);
        assertThat(s.test()).hasSize(100);
        assertThat(Arrays.stream(s.test()).filter(i -> labels[i] == 1).count()).isEqualTo(10);
        assertThat(Arrays.stream(s.val()).filter(i -> labels[i] == 1).count()).isEqualTo(20);
        Set<Integer> all = new HashSet<>();
        IntStream.of(s.train()).forEach(all::add);
        IntStream.of(s.val()).forEach(all::add);
        IntStream.of(s.test()).forEach(all::add);
        assertThat(all).hasSize(1000);
        assertThat(Splits.trainValTest(1000, 0.2, 0.1, labels, 5).test()).containsExactly(s.test());
        assertThat(Splits.trainValTest(1000, 0.2, 0.1, labels, 6).test()).isNotEqualTo(s.test());
        assertThatThrownBy(() -> Splits.trainValTest(10, 0.6, 0.5, null, 1)).hasMessageContaining("sum to less than 1");
    }

    @Test
    void selectKeepsRowsTogether() {
        Example data = new Example(Tensor.arange(8).reshape(4, 2), Tensor.of(new float[] {0, 10, 20, 30}));
        Example sel = Splits.select(data, new int[] {3, 1});
        assertThat(sel.x().toArray()).containsExactly(6, 7, 2, 3);
        assertThat(sel.y().toArray()).containsExactly(30, 10);
    }
}
