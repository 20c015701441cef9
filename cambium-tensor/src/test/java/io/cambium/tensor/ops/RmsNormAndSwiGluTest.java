package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** RMS normalization and the SwiGLU gate against their definitions in composed ops, and by finite differences. */
class RmsNormAndSwiGluTest {
    @Test
    void rmsNormEqualsItsDefinition() {
        Rng rng = new Rng(41);
        Tensor x = Tensor.normal(rng, 1, 2, 3, 5, 7).requiresGrad(true);
        Tensor gamma = Tensor.normal(rng, 1, 0.5f, 7).requiresGrad(true);
        Tensor x2 = x.detach().copy().requiresGrad(true);
        Tensor g2 = gamma.detach().copy().requiresGrad(true);
        Tensor r = Tensor.normal(rng, 0, 1, 3, 5, 7);
        Tensor got = RmsNorm.apply(x, gamma, 1e-5f);
        Tensor want = x2.mul(x2.square().mean(-1, true).add(1e-5f).rsqrt()).mul(g2);
        Fixtures.assertClose("rms_norm", want, got, 1e-5, 1e-6);
        got.backward(r);
        want.backward(r);
        Fixtures.assertClose("rms_norm dx", x2.grad(), x.grad(), 1e-4, 1e-5);
        Fixtures.assertClose("rms_norm dgamma", g2.grad(), gamma.grad(), 1e-4, 1e-5);
    }

    @Test
    void rmsNormGradCheck() {
        Rng rng = new Rng(42);
        GradCheck.of(in -> RmsNorm.apply(in[0], in[1], 1e-6f))
                .check(Tensor.normal(rng, 0, 1, 4, 6), Tensor.normal(rng, 1, 0.3f, 6));
        GradCheck.of(in -> RmsNorm.apply(in[0], null, 1e-6f)).check(Tensor.normal(rng, 0, 1, 2, 3, 5));
    }

    @Test
    void swiGluEqualsItsDefinition() {
        Rng rng = new Rng(43);
        Tensor a = Tensor.normal(rng, 0, 3, 4, 9).requiresGrad(true);
        Tensor b = Tensor.normal(rng, 0, 1, 4, 9).requiresGrad(true);
        Tensor a2 = a.detach().copy().requiresGrad(true);
        Tensor b2 = b.detach().copy().requiresGrad(true);
        Tensor got = SwiGlu.apply(a, b);
        Tensor want = a2.silu().mul(b2);
        Fixtures.assertClose("swiglu", want, got, 1e-5, 1e-6);
        Tensor r = Tensor.normal(rng, 0, 1, 4, 9);
        got.backward(r);
        want.backward(r);
        Fixtures.assertClose("swiglu dgate", a2.grad(), a.grad(), 1e-4, 1e-6);
        Fixtures.assertClose("swiglu dup", b2.grad(), b.grad(), 1e-4, 1e-6);
        GradCheck.of(in -> SwiGlu.apply(in[0], in[1])).check(Tensor.normal(rng, 0, 2, 3, 4), Tensor.normal(rng, 0, 1, 3, 4));
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThatThrownBy(() -> RmsNorm.apply(Tensor.zeros(2, 3), Tensor.ones(4), 1e-5f))
                .hasMessageContaining("gamma must be [3]");
        assertThatThrownBy(() -> SwiGlu.apply(Tensor.zeros(2, 3), Tensor.zeros(3, 2)))
                .hasMessageContaining("same shape");
    }
}
