package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** Inverted dropout: rate, scaling, determinism, noise shapes and the mask in the gradient. */
class DropoutOpsTest {

    @Test
    void dropsAboutRateAndScalesKeptValues() {
        Tensor x = Tensor.normal(new Rng(1), 0f, 1f, 200, 100);
        float rate = 0.3f;
        Tensor y = x.dropout(rate, new Rng(7));
        int zeros = 0;
        for (int i = 0; i < x.numel(); i++) {
            float v = y.data()[i];
            if (v == 0f) {
                zeros++;
            } else {
                assertThat(v).isEqualTo(x.data()[i] * (1f / (1f - rate)));
            }
        }
        // 20000 Bernoulli(0.3) trials: the standard deviation of the fraction is about 0.0032.
        assertThat(zeros / (double) x.numel()).isCloseTo(0.3, within(0.02));
        // The expectation is preserved: the mean of y stays close to the mean of x.
        assertThat(y.mean().item()).isCloseTo(x.mean().item(), within(0.03f));
    }

    @Test
    void seededGeneratorsGiveTheSameMask() {
        Tensor x = Tensor.ones(10, 10);
        assertThat(x.dropout(0.5f, new Rng(3)).toArray()).isEqualTo(x.dropout(0.5f, new Rng(3)).toArray());
        assertThat(x.dropout(0.5f, new Rng(3)).toArray()).isNotEqualTo(x.dropout(0.5f, new Rng(4)).toArray());
    }

    @Test
    void rateZeroReturnsTheInputAndRateMustBeBelowOne() {
        Tensor x = Tensor.ones(3);
        assertThat(x.dropout(0f, new Rng(1))).isSameAs(x);
        assertThatThrownBy(() -> x.dropout(1f, new Rng(1))).hasMessageContaining("dropout")
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> x.dropout(-0.1f, new Rng(1))).hasMessageContaining("dropout");
        assertThatThrownBy(() -> Tensor.ones(2, 3).dropout(0.5f, new Rng(1), 2, 2))
                .hasMessageContaining("(2, 2)").hasMessageContaining("(2, 3)");
    }

    @Test
    void noiseShapeDropsWholeFeatureMaps() {
        // SpatialDropout2D on NHWC: one decision per (sample, channel), shared by every pixel.
        Tensor x = Tensor.normal(new Rng(2), 0f, 1f, 4, 5, 6, 8).add(10f);
        Tensor y = x.dropout(0.5f, new Rng(11), -1, 1, 1, -1);
        int dropped = 0;
        for (int n = 0; n < 4; n++) {
            for (int c = 0; c < 8; c++) {
                boolean zero = y.get(n, 0, 0, c) == 0f;
                dropped += zero ? 1 : 0;
                for (int h = 0; h < 5; h++) {
                    for (int w = 0; w < 6; w++) {
                        assertThat(y.get(n, h, w, c) == 0f).isEqualTo(zero);
                    }
                }
            }
        }
        assertThat(dropped).isBetween(1, 31);
    }

    @Test
    void gradientIsTheSameMaskTimesTheOutputGradient() {
        Tensor x = Tensor.normal(new Rng(5), 0f, 1f, 6, 7).requiresGrad(true);
        Tensor y = x.dropout(0.25f, new Rng(8));
        y.sum().backward();
        for (int i = 0; i < x.numel(); i++) {
            float expected = y.data()[i] == 0f ? 0f : 1f / 0.75f;
            assertThat(x.grad().data()[i]).isEqualTo(expected);
        }
    }
}
