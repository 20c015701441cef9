package io.cambium.nn.regularizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class RegularizersTest {
    private static Tensor awayFromZero(long seed, int... shape) {
        Tensor t = Tensor.normal(new Rng(seed), 0, 1, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += Math.signum(d[i]) * 0.1f;
        }
        return t;
    }

    @Test
    void penaltiesFollowKerasWithoutHalf() {
        Tensor x = Tensor.of(new float[] {1, -2, 3, 0});
        assertThat(Regularizers.l1(0.1f).penalty(x).item()).isCloseTo(0.6f, within(1e-6f));
        assertThat(Regularizers.l2(0.1f).penalty(x).item()).isCloseTo(1.4f, within(1e-6f));
        assertThat(Regularizers.l1l2(0.1f, 0.01f).penalty(x).item()).isCloseTo(0.6f + 0.14f, within(1e-6f));
        assertThatThrownBy(() -> Regularizers.l2(-1f)).hasMessageContaining("must be >= 0");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck.of(in -> Regularizers.l1l2(0.3f, 0.2f).penalty(in[0])).check(awayFromZero(1, 4, 5));
        GradCheck.of(in -> Regularizers.l1(0.5f).penalty(in[0]).mul(3f)).check(awayFromZero(2, 7));
        GradCheck.of(in -> Regularizers.l2(0.5f).penalty(in[0].mul(in[0]))).check(awayFromZero(3, 2, 3));
        Tensor x = Tensor.of(new float[] {0f, 2f}).requiresGrad(true);
        Regularizers.l1(1f).penalty(x).backward();
        assertThat(x.grad().data()).containsExactly(0f, 1f);
    }

    @Test
    void configRoundTrip() {
        L1L2 r = Regularizers.l1l2(0.01f, 0.02f);
        L1L2 back = Regularizers.fromConfig(Regularizers.toConfig(r));
        assertThat(back.l1()).isEqualTo(0.01f);
        assertThat(back.l2()).isEqualTo(0.02f);
        assertThat(Regularizers.toConfig(Regularizers.l2(0.1f))).containsEntry("class_name", "L2");
    }
}
