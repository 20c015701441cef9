package io.cambium.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class AutogradTest {
    private final Rng rng = new Rng(7);

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertThat(x.grad().toArray()).containsExactly(4, 8, 12);
        x.zeroGrad();
        assertThat(x.grad()).isNull();
    }

    @Test
    void sharedSubexpressionsSumTheirGradients() {
        Tensor x = Tensor.of(new float[] {2}).requiresGrad(true);
        Tensor y = x.mul(3f);
        y.add(y).mul(y).sum().backward(); // 2*(3x)^2 -> d/dx = 36x
        assertThat(x.grad().item()).isEqualTo(72f);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y;
        try (NoGrad g = NoGrad.scope()) {
            y = x.mul(2f);
        }
        assertThat(y.requiresGrad()).isFalse();
        assertThat(NoGrad.isEnabled()).isTrue();
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.mul(2f).detach();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
    }

    @Test
    void graphIsReleasedAfterBackward() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.mul(2f).sum();
        y.backward();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released");
    }

    @Test
    void eachNodeIsReleasedAsSoonAsItsBackwardHasRun() {
        // While the first op's backward runs, the later op's node must already have dropped its
        // inputs and saved tensors (as PyTorch frees saved tensors after use), so that a deep
        // network's late activations do not live until the end of the pass.
        Tensor[] later = new Tensor[1];
        Tensor[][] seenInputs = new Tensor[1][];
        boolean[] probed = new boolean[1];
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        Tensor a = Autograd.record(x.detach().mul(2f), "probe", g -> {
            probed[0] = true;
            seenInputs[0] = later[0].gradFn().inputs();
            return new Tensor[] {g.mul(2f)};
        }, x);
        later[0] = a.mul(a);
        later[0].sum().backward();
        assertThat(probed[0]).isTrue();
        assertThat(seenInputs[0]).isNull();
        assertThat(x.grad().toArray()).containsExactly(8, 16, 24);
    }

    @Test
    void retainGraphKeepsEveryNodeDuringThePass() {
        Tensor[] later = new Tensor[1];
        Tensor[][] seenInputs = new Tensor[1][];
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        Tensor a = Autograd.record(x.detach().mul(2f), "probe", g -> {
            seenInputs[0] = later[0].gradFn().inputs();
            return new Tensor[] {g.mul(2f)};
        }, x);
        later[0] = a.mul(a);
        later[0].sum().backward(Tensor.scalar(1f), true);
        assertThat(seenInputs[0]).isNotNull().hasSize(2);
        later[0].sum().backward(Tensor.scalar(1f), false);
        assertThat(x.grad().toArray()).containsExactly(16, 32, 48);
    }

    @Test
    void retainGraphAllowsASecondPass() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.mul(2f).sum();
        y.backward(Tensor.scalar(1f), true);
        y.backward(Tensor.scalar(1f), true);
        assertThat(x.grad().toArray()).containsExactly(4, 4);
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        assertThatThrownBy(() -> x.mul(2f).backward()).hasMessageContaining("backward(gradient)");
    }

    @Test
    void broadcastArithmeticHasCorrectGradients() {
        GradCheck.of(in -> in[0].mul(in[1]).add(in[2]).div(in[3]))
                .check(Tensor.normal(rng, 0, 1, 3, 4), Tensor.normal(rng, 0, 1, 4),
                        Tensor.normal(rng, 0, 1, 3, 1), Tensor.uniform(rng, 1, 2, 1, 4));
    }

    @Test
    void reductionsAndMatmulHaveCorrectGradients() {
        GradCheck.of(in -> in[0].matmul(in[1]).sum(new int[] {1}, true).mean())
                .check(Tensor.normal(rng, 0, 1, 2, 3, 5), Tensor.normal(rng, 0, 1, 5, 4));
        GradCheck.of(in -> in[0].matmul(in[1], true, true))
                .check(Tensor.normal(rng, 0, 1, 2, 5, 3), Tensor.normal(rng, 0, 1, 4, 5));
        GradCheck.of(in -> in[0].permute(2, 0, 1).expand(2, 4, 2, 3).reshape(8, 6))
                .check(Tensor.normal(rng, 0, 1, 2, 3, 4));
    }

    @Test
    void gradCheckCatchesAWrongGradient() {
        // A deliberately wrong backward rule must be reported.
        assertThatThrownBy(() -> GradCheck.of(in -> Autograd.record(in[0].detach().mul(3f), "wrong",
                g -> new Tensor[] {g.mul(2f)}, in[0])).check(Tensor.ones(3)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("gradient mismatch");
    }
}
