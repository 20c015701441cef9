package io.cambium.nn.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** Seeded draws of every initializer checked against the Keras formulas for bounds, mean and spread. */
class InitializersTest {
    private static double mean(float[] d) {
        double s = 0;
        for (float x : d) {
            s += x;
        }
        return s / d.length;
    }

    private static double std(float[] d) {
        double m = mean(d);
        double s = 0;
        for (float x : d) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / d.length);
    }

    private static double maxAbs(float[] d) {
        double m = 0;
        for (float x : d) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void fansFollowKeras() {
        assertThat(Fans.of(new int[] {})).containsExactly(1, 1);
        assertThat(Fans.of(new int[] {7})).containsExactly(7, 7);
        assertThat(Fans.of(new int[] {5, 9})).containsExactly(5, 9);
        assertThat(Fans.of(new int[] {3, 3, 16, 32})).containsExactly(144, 288);
        assertThat(Fans.of(new int[] {5, 4, 8})).containsExactly(20, 40);
    }

    private static void checkUniform(SerializableInitializer init, int[] shape, double limit) {
        float[] d = init.initialize(shape, new Rng(1)).data();
        assertThat(maxAbs(d)).as(init.className()).isLessThanOrEqualTo(limit).isGreaterThan(0.99 * limit);
        assertThat(mean(d)).as(init.className()).isCloseTo(0, within(0.02 * limit));
        assertThat(std(d)).as(init.className()).isCloseTo(limit / Math.sqrt(3), within(0.02 * limit));
    }

    private static void checkTruncated(SerializableInitializer init, int[] shape, double targetStd) {
        float[] d = init.initialize(shape, new Rng(2)).data();
        double sigma = targetStd / 0.87962566103423978;
        assertThat(maxAbs(d)).as(init.className()).isLessThanOrEqualTo(2 * sigma * (1 + 1e-6)).isGreaterThan(1.9 * sigma);
        assertThat(mean(d)).as(init.className()).isCloseTo(0, within(0.03 * targetStd));
        // The truncation correction keeps the variance at scale / n.
        assertThat(std(d)).as(init.className()).isCloseTo(targetStd, within(0.03 * targetStd));
    }

    @Test
    void glorotHeLecunUniformBounds() {
        checkUniform(Initializers.glorotUniform(), new int[] {200, 300}, Math.sqrt(6.0 / 500));
        checkUniform(Initializers.heUniform(), new int[] {3, 3, 16, 32}, Math.sqrt(6.0 / 144));
        checkUniform(Initializers.lecunUniform(), new int[] {400, 50}, Math.sqrt(3.0 / 400));
        checkUniform(Initializers.randomUniform(-0.05, 0.05), new int[] {100, 100}, 0.05);
    }

    @Test
    void glorotHeLecunNormalAreTruncatedWithCorrectedVariance() {
        checkTruncated(Initializers.glorotNormal(), new int[] {200, 300}, Math.sqrt(2.0 / 500));
        checkTruncated(Initializers.heNormal(), new int[] {3, 3, 16, 32}, Math.sqrt(2.0 / 144));
        checkTruncated(Initializers.lecunNormal(), new int[] {400, 50}, Math.sqrt(1.0 / 400));
    }

    @Test
    void randomAndTruncatedNormal() {
        float[] n = Initializers.randomNormal(0.5, 2).initialize(new int[] {100, 200}, new Rng(3)).data();
        assertThat(mean(n)).isCloseTo(0.5, within(0.05));
        assertThat(std(n)).isCloseTo(2, within(0.04));
        assertThat(maxAbs(n)).isGreaterThan(0.5 + 2 * 3);
        float[] t = Initializers.truncatedNormal(1, 0.1).initialize(new int[] {100, 200}, new Rng(4)).data();
        for (float x : t) {
            assertThat((double) x).isBetween(0.8 - 1e-6, 1.2 + 1e-6);
        }
        // A normal truncated at 2 sigma keeps 0.8796 of its standard deviation.
        assertThat(std(t)).isCloseTo(0.1 * 0.8796, within(0.003));
    }

    @Test
    void constants() {
        assertThat(Initializers.zeros().initialize(new int[] {2, 3}, new Rng(1)).data()).containsOnly(0f);
        assertThat(Initializers.ones().initialize(new int[] {4}, new Rng(1)).data()).containsOnly(1f);
        assertThat(Initializers.constant(0.25f).initialize(new int[] {2, 2}, new Rng(1)).data()).containsOnly(0.25f);
        assertThat(Initializers.identity(2).initialize(new int[] {2, 3}, new Rng(1)).data())
                .containsExactly(2, 0, 0, 0, 2, 0);
    }

    private static void checkOrthonormal(float[] m, int rows, int cols, boolean columns, double gain) {
        int n = columns ? cols : rows;
        int len = columns ? rows : cols;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    float x = columns ? m[i * cols + a] : m[a * cols + i];
                    float y = columns ? m[i * cols + b] : m[b * cols + i];
                    dot += (double) x * y;
                }
                assertThat(dot).isCloseTo(a == b ? gain * gain : 0, within(1e-5));
            }
        }
    }

    @Test
    void orthogonalHasOrthonormalColumnsOrRows() {
        checkOrthonormal(Initializers.orthogonal(1).initialize(new int[] {50, 20}, new Rng(5)).data(), 50, 20, true, 1);
        checkOrthonormal(Initializers.orthogonal(1).initialize(new int[] {20, 50}, new Rng(5)).data(), 20, 50, false, 1);
        checkOrthonormal(Initializers.orthogonal(2).initialize(new int[] {3, 3, 4, 8}, new Rng(6)).data(), 36, 8, true, 2);
        checkOrthonormal(Initializers.orthogonal(1).initialize(new int[] {16, 16}, new Rng(7)).data(), 16, 16, true, 1);
        assertThatThrownBy(() -> Initializers.orthogonal(1).initialize(new int[] {5}, new Rng(1)))
                .hasMessageContaining("rank 2");
    }

    @Test
    void seededDrawsRepeatAndConfigsRoundTrip() {
        String[] names = {"glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
            "random_normal", "random_uniform", "truncated_normal", "orthogonal", "zeros", "ones", "identity"};
        for (String name : names) {
            SerializableInitializer init = Initializers.get(name);
            Tensor a = init.initialize(new int[] {6, 6}, new Rng(9));
            Tensor b = Initializers.fromConfig(Initializers.toConfig(init)).initialize(new int[] {6, 6}, new Rng(9));
            assertThat(b.data()).as(name).containsExactly(a.data());
        }
        var vs = Initializers.varianceScaling(3, VarianceScaling.Mode.FAN_OUT, VarianceScaling.Distribution.UNIFORM);
        assertThat(Initializers.fromConfig(Initializers.toConfig(vs)).initialize(new int[] {10, 40}, new Rng(1)).data())
                .containsExactly(vs.initialize(new int[] {10, 40}, new Rng(1)).data());
        assertThat(maxAbs(vs.initialize(new int[] {10, 40}, new Rng(1)).data())).isLessThanOrEqualTo(Math.sqrt(9.0 / 40));
        assertThatThrownBy(() -> Initializers.get("glorious")).hasMessageContaining("unknown initializer 'glorious'");
    }
}
