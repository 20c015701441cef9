package io.cambium.data.augment;

import io.cambium.data.Dataset;
import io.cambium.data.Example;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageAugmentTest {

    private static Tensor square(int n, int channels) {
        return Tensor.arange(n * n * channels).reshape(n, n, channels);
    }

    @Test
    void rotate90IsNumpyRot90() {
        for (int n : new int[] {4, 5}) {
            Tensor img = square(n, 2);
            Tensor out = ImageTransforms.rotate(img, 90, FillMode.CONSTANT, -1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (int c = 0; c < 2; c++) {
                        // np.rot90 (counter-clockwise): out[i][j] = in[j][n-1-i]
                        assertThat(out.get(i, j, c)).isCloseTo(img.get(j, n - 1 - i, c), within(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void rotate180IsBothFlipsAndFlipsAreMirrors() {
        Tensor img = square(5, 1);
        Tensor both = ImageTransforms.flipVertical(ImageTransforms.flipHorizontal(img));
        Tensor r = ImageTransforms.rotate(img, 180, FillMode.NEAREST, 0);
        for (int i = 0; i < both.numel(); i++) {
            assertThat(r.data()[i]).isCloseTo(both.data()[i], within(1e-4f));
        }
        Tensor h = ImageTransforms.flipHorizontal(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, 1));
        assertThat(h.toArray()).containsExactly(3, 2, 1, 6, 5, 4);
        Tensor v = ImageTransforms.flipVertical(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, 1));
        assertThat(v.toArray()).containsExactly(4, 5, 6, 1, 2, 3);
    }

    @Test
    void fillModesOnAShiftedRow() {
        Tensor row = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1);
        assertThat(ImageTransforms.shift(row, 0, 2, FillMode.NEAREST, 0).toArray()).containsExactly(1, 1, 1, 2);
        assertThat(ImageTransforms.shift(row, 0, 2, FillMode.CONSTANT, 9).toArray()).containsExactly(9, 9, 1, 2);
        assertThat(ImageTransforms.shift(row, 0, 2, FillMode.REFLECT, 0).toArray()).containsExactly(2, 1, 1, 2);
        assertThat(ImageTransforms.shift(row, 0, 2, FillMode.WRAP, 0).toArray()).containsExactly(3, 4, 1, 2);
        assertThat(ImageTransforms.shift(row, 0, -1, FillMode.CONSTANT, 0).toArray()).containsExactly(2, 3, 4, 0);
    }

    @Test
    void affineMatchesScipyNdimage() {
        Fixtures fx = Fixtures.load("affine.json");
        for (String name : fx.names()) {
            Fixtures.Case c = fx.get(name);
            float[] mf = c.tensor("matrix").data();
            double[] m = new double[6];
            for (int i = 0; i < 6; i++) {
                m[i] = mf[i];
            }
            Tensor out = ImageTransforms.affine(c.tensor("image"), m, FillMode.valueOf(c.attr("mode").asText()), 0);
            Fixtures.assertClose(name, c.tensor("out"), out, 1e-4, 1e-4);
        }
    }

    @Test
    void zoomOneIsIdentityAndZoomOutShrinksContent() {
        Tensor img = square(5, 1);
        assertThat(ImageTransforms.zoom(img, 1, 1, FillMode.NEAREST, 0).toArray()).containsExactly(img.toArray());
        Tensor z = ImageTransforms.zoom(img, 2, 2, FillMode.CONSTANT, -1);
        assertThat(z.get(2, 2, 0)).isEqualTo(img.get(2, 2, 0));   // the centre is fixed
        assertThat(z.get(1, 1, 0)).isEqualTo(img.get(0, 0, 0));   // corner pulled towards the centre
        assertThat(z.get(0, 0, 0)).isEqualTo(-1f);
    }

    @Test
    void augmenterIsSeededKeepsLabelsAndVaries() {
        ImageAugmenter aug = new ImageAugmenter().rotationRange(20).widthShiftRange(0.1).heightShiftRange(0.1)
                .shearRange(10).zoomRange(0.1).horizontalFlip(true).fillMode(FillMode.REFLECT);
        Example e = new Example(Tensor.uniform(new Rng(1), 0, 1, 12, 12, 3), Tensor.scalar(7));
        Example a1 = aug.apply(e, new Rng(42));
        Example a2 = aug.apply(e, new Rng(42));
        Example a3 = aug.apply(e, new Rng(43));
        assertThat(a1.x().toArray()).containsExactly(a2.x().toArray());
        assertThat(a1.x().toArray()).isNotEqualTo(a3.x().toArray());
        assertThat(a1.x().toArray()).isNotEqualTo(e.x().toArray());
        assertThat(a1.y().item()).isEqualTo(7f);
        assertThat(a1.x().shape()).containsExactly(12, 12, 3);
        Tensor batch = aug.apply(Tensor.zeros(4, 12, 12, 3), new Rng(1));
        assertThat(batch.shape()).containsExactly(4, 12, 12, 3);
        assertThatThrownBy(() -> aug.apply(Tensor.zeros(12, 12), new Rng(1))).hasMessageContaining("(12, 12)");
        assertThatThrownBy(() -> new ImageAugmenter().rotationRange(-1)).hasMessageContaining(">= 0");
    }

    @Test
    void onTheFlyInAPipelineIsDeterministicPerSeed() {
        ImageAugmenter aug = new ImageAugmenter().rotationRange(30).horizontalFlip(true);
        Tensor x = Tensor.uniform(new Rng(2), 0, 1, 16, 8, 8, 1);
        Tensor y = Tensor.arange(16);
        Dataset<Example> base = Dataset.fromTensorSlices(x, y);
        List<Example> serial = base.randomMap(5, aug::apply, 1).batch(4, false).toList();
        List<Example> parallel = base.randomMap(5, aug::apply, 2).batch(4, false).toList();
        for (int b = 0; b < serial.size(); b++) {
            assertThat(parallel.get(b).x().toArray()).containsExactly(serial.get(b).x().toArray());
            assertThat(parallel.get(b).y().toArray()).containsExactly(y.toArray()[4 * b], y.toArray()[4 * b + 1],
                    y.toArray()[4 * b + 2], y.toArray()[4 * b + 3]);
        }
    }
}
