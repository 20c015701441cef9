package io.cambium.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.ConvPadding;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** The functional {@code grad}, graph-creating backward passes and their errors. */
class HigherOrderTest {
    private final Rng rng = new Rng(11);

    @Test
    void secondAndThirdDerivativesOfACubic() {
        Tensor x = Tensor.of(new float[] {1f, -2f, 0.5f}).requiresGrad(true);
        Tensor y = x.mul(x).mul(x).sum();
        Tensor dy = Autograd.grad(y, true, x)[0];
        assertThat(dy.toArray()).containsExactly(3f, 12f, 0.75f);
        assertThat(dy.requiresGrad()).isTrue();
        Tensor d2 = Autograd.grad(dy.sum(), true, x)[0];
        assertThat(d2.toArray()).containsExactly(6f, -12f, 3f);
        Tensor d3 = Autograd.grad(d2.sum(), false, x)[0];
        assertThat(d3.toArray()).containsExactly(6f, 6f, 6f);
        assertThat(d3.requiresGrad()).isFalse();
    }

    @Test
    void gradDoesNotTouchGradAndReturnsAValueWithoutCreateGraph() {
        Tensor x = Tensor.of(new float[] {2f, 3f}).requiresGrad(true);
        Tensor w = Tensor.of(new float[] {5f, 7f}).requiresGrad(true);
        Tensor y = x.mul(w).sum();
        Tensor[] g = Autograd.grad(y, false, x, w);
        assertThat(g[0].toArray()).containsExactly(5f, 7f);
        assertThat(g[1].toArray()).containsExactly(2f, 3f);
        assertThat(g[0].requiresGrad()).isFalse();
        assertThat(x.grad()).isNull();
        assertThat(w.grad()).isNull();
    }

    @Test
    void gradOutputsWeightNonScalarOutputsAndMaySumSeveralOutputs() {
        Tensor x = Tensor.of(new float[] {1f, 2f}).requiresGrad(true);
        Tensor a = x.mul(3f);
        Tensor b = x.square();
        Tensor[] g = Autograd.grad(new Tensor[] {a, b}, new Tensor[] {x},
                new Tensor[] {Tensor.of(new float[] {1f, 10f}), Tensor.of(new float[] {2f, 1f})}, false);
        // 3 * u_a + 2 x * u_b
        assertThat(g[0].toArray()).containsExactly(3f + 4f, 30f + 4f);
    }

    @Test
    void gradWithRespectToAnIntermediateTensor() {
        Tensor x = Tensor.of(new float[] {1f, 2f}).requiresGrad(true);
        Tensor h = x.mul(2f);
        Tensor y = h.square().sum();
        assertThat(Autograd.grad(y, false, h)[0].toArray()).containsExactly(4f, 8f);
    }

    @Test
    void unusedInputsFailUnlessAllowed() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor z = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.sum();
        assertThatThrownBy(() -> Autograd.grad(new Tensor[] {y}, new Tensor[] {x, z}, null, false, true, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 1")
                .hasMessageContaining("allowUnused");
        Tensor[] g = Autograd.grad(new Tensor[] {y}, new Tensor[] {x, z}, null, false, false, true);
        assertThat(g[1]).isNull();
        assertThatThrownBy(() -> Autograd.grad(Tensor.ones(2).mul(x), false, x))
                .hasMessageContaining("not a scalar");
        assertThatThrownBy(() -> Autograd.grad(x.sum(), false, Tensor.ones(2)))
                .hasMessageContaining("does not require grad");
    }

    @Test
    void gradOnlyRunsTheRulesOnThePathToItsInputs() {
        Tensor x = Tensor.normal(rng, 0f, 1f, 4, 3).requiresGrad(true);
        Tensor w = Tensor.normal(rng, 0f, 1f, 3, 2).requiresGrad(true);
        boolean[] asked = new boolean[2];
        Tensor y = x.matmul(w);
        Tensor probe = Autograd.record(y.copy(), "probe", g -> {
            asked[0] = Autograd.wants(x);
            asked[1] = Autograd.wants(w);
            return new Tensor[] {g};
        }, y);
        Autograd.grad(probe.sum(), false, x);
        assertThat(asked[0]).isTrue();
        assertThat(asked[1]).as("the matmul's kernel gradient is not needed").isFalse();
        assertThat(Autograd.wants(w)).as("outside a pass, wants is requiresGrad").isTrue();
    }

    @Test
    void backwardWithCreateGraphLeavesDifferentiableGradients() {
        Tensor x = Tensor.of(new float[] {0.3f, -0.7f}).requiresGrad(true);
        x.tanh().sum().backward(Tensor.scalar(1f), true, true);
        Tensor g = x.grad();
        assertThat(g.requiresGrad()).isTrue();
        x.zeroGrad();
        g.sum().backward();
        for (int i = 0; i < 2; i++) {
            double t = Math.tanh(x.data()[i]);
            assertThat(x.grad().data()[i]).isCloseTo((float) (-2 * t * (1 - t * t)), within(1e-6f));
        }
    }

    @Test
    void aFirstOrderPassAfterAGraphCreatingOneDoesNotWriteIntoTheRecordedGradient() {
        Tensor x = Tensor.of(new float[] {1f, 2f}).requiresGrad(true);
        x.square().sum().backward(Tensor.scalar(1f), true, true);
        Tensor recorded = x.grad();
        float[] before = recorded.toArray();
        x.mul(3f).sum().backward();
        assertThat(recorded.toArray()).containsExactly(before);
        assertThat(x.grad().toArray()).containsExactly(5f, 7f);
    }

    @Test
    void anOpWithoutADifferentiableRuleFailsOnlyWhenItsGradientIsDifferentiated() {
        Tensor x = Tensor.normal(rng, 0f, 1f, 1, 4, 4, 1).requiresGrad(true);
        Tensor y = x.maxPool2d(2).square().sum();
        assertThat(y.gradFn().differentiableBackward()).isTrue();
        Tensor g = Autograd.grad(y, true, x)[0];
        // The values are right (the fast rule ran) ...
        Tensor expected = Autograd.grad(x.maxPool2d(2).square().sum(), false, x)[0];
        assertThat(g.toArray()).containsExactly(expected.toArray());
        // ... but differentiating them again names the op.
        assertThatThrownBy(() -> g.sum().backward()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("'maxPool2d'").hasMessageContaining("createGraph");
    }

    @Test
    void theGraphIsKeptWithCreateGraphAndReleasedOtherwise() {
        Tensor x = Tensor.of(new float[] {1f, 2f}).requiresGrad(true);
        Tensor y = x.exp().sum();
        Autograd.grad(y, true, x);
        Autograd.grad(y, false, x);
        assertThatThrownBy(() -> Autograd.grad(y, false, x)).hasMessageContaining("released");
    }

    @Test
    void gradientPenaltyOfASmallCriticMatchesFiniteDifferences() {
        // The WGAN-GP term (||d critic / d x||_2 - 1)^2 through conv, leaky relu and a dense map.
        Tensor xhat = Tensor.normal(rng, 0f, 1f, 2, 5, 5, 1);
        Tensor k = Tensor.normal(rng, 0f, 0.5f, 3, 3, 1, 4);
        Tensor w = Tensor.normal(rng, 0f, 0.5f, 36, 1);
        GradCheck.of(in -> {
            try (NoGrad ignored = NoGrad.enableScope()) {
                Tensor x = in[0];
                Tensor critic = x.conv2d(in[1], new int[] {2, 2}, ConvPadding.SAME, new int[] {1, 1}, 1)
                        .leakyRelu(0.2f).reshape(2, 36).matmul(in[2]).sum();
                Tensor g = Autograd.grad(critic, true, x)[0];
                Tensor norm = g.square().sum(new int[] {1, 2, 3}, false).add(1e-12f).sqrt();
                return norm.sub(1f).square().mean();
            }
        }).check(xhat, k, w);
    }
}
