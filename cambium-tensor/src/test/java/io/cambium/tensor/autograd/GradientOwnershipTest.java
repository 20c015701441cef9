package io.cambium.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Autograd adopts fresh gradients as leaf gradients and sums into them in place, but never
 * aliases a tensor the user holds or one that another gradient still shares.
 */
class GradientOwnershipTest {
    /** A one-input-per-slot op whose backward returns whatever {@code grads} builds. */
    private static Tensor custom(java.util.function.Supplier<Tensor[]> grads, Tensor... inputs) {
        return Autograd.record(Tensor.scalar(0f), "custom", g -> grads.get(), inputs);
    }

    @Test
    void aLeafAdoptsAGradientMadeDuringTheBackwardPass() {
        Tensor x = Tensor.of(new float[] {-1, 2, 0, 3}).requiresGrad(true);
        Tensor ones = Tensor.ones(4);
        x.relu().backward(ones);
        assertThat(x.grad().toArray()).containsExactly(0, 1, 0, 1);
        assertThat(x.grad().ownerPass()).isNotZero(); // the relu backward's own tensor, not a copy
        x.relu().backward(ones);
        assertThat(x.grad().toArray()).containsExactly(0, 2, 0, 2);
        assertThat(ones.toArray()).containsExactly(1, 1, 1, 1);
    }

    @Test
    void theOutputGradientGivenToBackwardIsNeverAdopted() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor g;
        try (NoGrad ignored = NoGrad.scope()) {
            g = x.mul(2f); // made by an op, but before the pass and held by the caller
        }
        x.add(1f).backward(g); // add's backward passes g through unchanged
        assertThat(x.grad().data()).isNotSameAs(g.data());
        g.fillInPlace(100f);
        assertThat(x.grad().toArray()).containsExactly(2, 4);
        x.add(1f).backward(Tensor.of(new float[] {1, 1}));
        assertThat(x.grad().toArray()).containsExactly(3, 5);
        assertThat(g.toArray()).containsExactly(100, 100);
    }

    @Test
    void oneGradientReturnedForTwoLeavesIsCopiedForEach() {
        Tensor a = Tensor.zeros(3).requiresGrad(true);
        Tensor b = Tensor.zeros(3).requiresGrad(true);
        custom(() -> {
            Tensor shared = Tensor.wrapOwned(new float[] {1, 2, 3}, 3);
            return new Tensor[] {shared, shared};
        }, a, b).backward();
        assertThat(a.grad().data()).isNotSameAs(b.grad().data());
        a.grad().fillInPlace(0f);
        assertThat(b.grad().toArray()).containsExactly(1, 2, 3);
    }

    @Test
    void aGradientSharingItsArrayWithAViewIsNotSummedIntoInPlace() {
        Tensor a = Tensor.zeros(4).requiresGrad(true);
        Tensor b = Tensor.zeros(2, 2).requiresGrad(true);
        Tensor viaB = b.mul(1f);
        Tensor viaA = a.mul(10f);
        // The backward order is custom, viaA, viaB: a's second contribution (from viaA) arrives
        // while the view of a's first one is still waiting for viaB.
        custom(() -> {
            Tensor fresh = Tensor.wrapOwned(new float[] {1, 2, 3, 4}, 4);
            return new Tensor[] {fresh, fresh.reshape(2, 2), Tensor.ones(4)};
        }, a, viaB, viaA).backward();
        assertThat(a.grad().toArray()).containsExactly(11, 12, 13, 14);
        assertThat(b.grad().toArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void summingIntoAGradientLeavesAnotherPendingUseOfItIntact() {
        Tensor a = Tensor.of(new float[] {1, 1}).requiresGrad(true);
        Tensor c = a.mul(2f);
        Tensor d = a.mul(3f);
        Tensor out = custom(() -> {
            Tensor shared = Tensor.wrapOwned(new float[] {1, 1}, 2);
            return new Tensor[] {shared, shared};
        }, c, d);
        // c also gets 5 from the second term; d must still see only the shared 1.
        out.add(c.mul(5f).sum()).backward();
        // dc = 1 + 5 = 6, dd = 1: da = 2 * 6 + 3 * 1 = 15
        assertThat(a.grad().toArray()).containsExactly(15, 15);
    }

    @Test
    void aGradientThatABackwardRuleReceivedIsNotAdoptedWhenPassedOn() {
        Tensor x = Tensor.zeros(2).requiresGrad(true);
        java.util.List<Tensor> kept = new java.util.ArrayList<>();
        // Like recordMulti's outputs, this rule keeps the gradient it receives (and passes it on).
        Tensor y = Autograd.record(Tensor.zeros(2), "keep", g -> {
            kept.add(g);
            return new Tensor[] {g};
        }, x);
        custom(() -> new Tensor[] {Tensor.wrapOwned(new float[] {1, 2}, 2)}, y).backward();
        assertThat(x.grad().toArray()).containsExactly(1, 2);
        assertThat(x.grad().data()).isNotSameAs(kept.get(0).data());
    }

    @Test
    void aGradientFromAnEarlierPassIsCopied() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        x.relu().sum().backward();
        Tensor earlier = x.grad();
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        custom(() -> new Tensor[] {earlier}, w).backward();
        assertThat(w.grad().data()).isNotSameAs(earlier.data());
        assertThat(w.grad().toArray()).containsExactly(1, 1);
    }

    @Test
    void retainedGradientsAreCopiesOfWhatFlowsOn() {
        Tensor x = Tensor.of(new float[] {1, -2}).requiresGrad(true);
        Tensor h = x.mul(3f).retainGrad();
        h.relu().sum().backward();
        assertThat(h.grad().toArray()).containsExactly(1, 0);
        assertThat(x.grad().toArray()).containsExactly(3, 0);
        assertThat(h.grad().data()).isNotSameAs(x.grad().data());
    }
}
