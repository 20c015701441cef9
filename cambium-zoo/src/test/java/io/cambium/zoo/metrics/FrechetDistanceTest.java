package io.cambium.zoo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against closed forms and against pytorch-fid's formula (scipy's sqrtm). */
class FrechetDistanceTest {
    private static final Fixtures FIX = Fixtures.load("frechet.json");

    @Test
    void matchesScipyOnCorrelatedFeatures() {
        for (String name : FIX.names()) {
            Fixtures.Case c = FIX.get(name);
            double expected = c.attr("distance").asDouble();
            double actual = FrechetDistance.between(c.tensor("a"), c.tensor("b"));
            assertThat(actual).as(c.id()).isCloseTo(expected, within(1e-6 * Math.max(1, expected)));
        }
    }

    @Test
    void closedFormsForDiagonalGaussians() {
        // Same covariance, shifted mean: |mu1 - mu2|^2.
        FrechetDistance.Gaussian a = new FrechetDistance.Gaussian(new double[] {0, 0}, new double[][] {{2, 0}, {0, 3}});
        FrechetDistance.Gaussian b = new FrechetDistance.Gaussian(new double[] {1, 2}, new double[][] {{2, 0}, {0, 3}});
        assertThat(FrechetDistance.between(a, b)).isCloseTo(5.0, within(1e-9));
        // Diagonal covariances: sum (sigma1 - sigma2)^2.
        FrechetDistance.Gaussian c = new FrechetDistance.Gaussian(new double[] {0, 0}, new double[][] {{4, 0}, {0, 9}});
        FrechetDistance.Gaussian d = new FrechetDistance.Gaussian(new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}});
        assertThat(FrechetDistance.between(c, d)).isCloseTo(1 + 4, within(1e-9));
        assertThat(FrechetDistance.between(c, c)).isCloseTo(0, within(1e-9));
    }

    @Test
    void aSetAgainstItselfIsZeroAndTheFitUsesUnbiasedCovariance() {
        Tensor x = Tensor.normal(new Rng(1), 0f, 1f, 50, 4);
        assertThat(FrechetDistance.between(x, x)).isCloseTo(0, within(1e-6));
        FrechetDistance.Gaussian g = FrechetDistance.fit(Tensor.of(new float[] {1, 3}, 2, 1));
        assertThat(g.mean()[0]).isEqualTo(2.0);
        assertThat(g.covariance()[0][0]).isEqualTo(2.0);
        assertThatThrownBy(() -> FrechetDistance.fit(Tensor.zeros(1, 3))).hasMessageContaining("n >= 2");
        assertThatThrownBy(() -> FrechetDistance.between(Tensor.zeros(3, 2), Tensor.zeros(3, 4)))
                .hasMessageContaining("feature sizes differ");
    }
}
