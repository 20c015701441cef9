package io.cambium.rl.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpacesTest {
    @Test
    void discreteContainsExactlyItsIntegers() {
        Discrete d = new Discrete(3, -1);
        assertThat(d.contains(-1)).isTrue();
        assertThat(d.contains(1)).isTrue();
        assertThat(d.contains(2)).isFalse();
        assertThat(d.contains(1L)).isTrue();
        assertThat(d.contains(1.0)).isFalse();
        assertThat(d.contains("1")).isFalse();
        assertThat(d.contains(null)).isFalse();
        assertThat(d).hasToString("Discrete(3, start=-1)");
        assertThat(new Discrete(2)).hasToString("Discrete(2)").isEqualTo(new Discrete(2));
        assertThatThrownBy(() -> new Discrete(0)).hasMessageContaining("n must be positive");
    }

    @Test
    void discreteSamplesAreSeededAndCoverTheSpace() {
        Discrete a = new Discrete(5, 10);
        Discrete b = new Discrete(5, 10);
        a.seed(42);
        b.seed(42);
        int[] counts = new int[5];
        for (int i = 0; i < 5000; i++) {
            int x = a.sample();
            assertThat(b.sample()).isEqualTo(x);
            assertThat(a.contains(x)).isTrue();
            counts[x - 10]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(900, 1100);
        }
    }

    @Test
    void boxContainsChecksLengthBoundsAndNaN() {
        Box b = new Box(new float[] {-1, 0}, new float[] {1, Float.POSITIVE_INFINITY});
        assertThat(b.contains(new float[] {0.5f, 1e30f})).isTrue();
        assertThat(b.contains(new float[] {-1f, 0f})).isTrue();
        assertThat(b.contains(new float[] {1.01f, 0f})).isFalse();
        assertThat(b.contains(new float[] {0f, -1e-9f})).isFalse();
        assertThat(b.contains(new float[] {Float.NaN, 0f})).isFalse();
        assertThat(b.contains(new float[] {0f})).isFalse();
        assertThat(b.contains(new double[] {0, 0})).isFalse();
        assertThat(b.describe(new double[] {0, 0})).contains("double[]");
        assertThat(new Box(-2f, 2f, 1)).hasToString("Box(-2.0, 2.0, (1,), float32)");
        assertThatThrownBy(() -> new Box(new float[] {1}, new float[] {0})).hasMessageContaining("low[0] = 1.0");
    }

    @Test
    void boxSamplesStayInsideIncludingHalfBoundedDimensions() {
        Box b = new Box(new float[] {-1, 0, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY},
                new float[] {1, Float.POSITIVE_INFINITY, 3, Float.POSITIVE_INFINITY});
        b.seed(1);
        double mean0 = 0;
        double mean3 = 0;
        for (int i = 0; i < 4000; i++) {
            float[] x = b.sample();
            assertThat(b.contains(x)).isTrue();
            mean0 += x[0];
            mean3 += x[3];
        }
        assertThat(mean0 / 4000).isBetween(-0.05, 0.05);
        assertThat(mean3 / 4000).isBetween(-0.06, 0.06);
    }
}
