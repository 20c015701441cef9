package io.cambium.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Checkpointed functions give the same values and gradients, bit for bit, as stored ones. */
class CheckpointTest {
    @Test
    void gradientsEqualTheStoredGraphWithDropout() {
        Rng rng = new Rng(7);
        Tensor w1 = Tensor.normal(rng, 0, 0.5f, 6, 8).requiresGrad(true);
        Tensor w2 = Tensor.normal(rng, 0, 0.5f, 8, 4).requiresGrad(true);
        Tensor x = Tensor.normal(rng, 0, 1, 5, 6).requiresGrad(true);
        Function<Tensor, Tensor> block = in -> in.matmul(w1).gelu().dropout(0.3f, Cambium.rng()).matmul(w2).tanh();

        Cambium.seed(11);
        Tensor plain = block.apply(x.mul(2f)).square().sum();
        plain.backward();
        float[] gx = x.grad().data().clone();
        float[] g1 = w1.grad().data().clone();
        float[] g2 = w2.grad().data().clone();
        long[] rngAfterPlain = Cambium.rng().state();
        x.zeroGrad();
        w1.zeroGrad();
        w2.zeroGrad();

        Cambium.seed(11);
        Tensor ck = Checkpoint.apply(block, x.mul(2f), w1, w2).square().sum();
        // draws between forward and backward must not change the recomputed masks
        assertThat(Cambium.rng().state()).containsExactly(rngAfterPlain);
        Cambium.rng().nextFloat();
        long[] beforeBackward = Cambium.rng().state();
        ck.backward();
        assertThat(ck.item()).isEqualTo(plain.item());
        assertThat(x.grad().data()).containsExactly(gx);
        assertThat(w1.grad().data()).containsExactly(g1);
        assertThat(w2.grad().data()).containsExactly(g2);
        assertThat(Cambium.rng().state()).as("the backward pass leaves the generator as it found it")
                .containsExactly(beforeBackward);
    }

    @Test
    void gradCheckAndParametersOnly() {
        Rng rng = new Rng(8);
        Tensor w = Tensor.normal(rng, 0, 1, 3, 3).requiresGrad(true);
        GradCheck.of(in -> Checkpoint.apply(t -> t.matmul(in[1]).sigmoid(), in[0], in[1]))
                .check(Tensor.normal(rng, 0, 1, 2, 3), Tensor.normal(rng, 0, 1, 3, 3));
        // an input that needs no gradient: the parameters still get theirs
        Tensor data = Tensor.normal(rng, 0, 1, 4, 3);
        Checkpoint.apply(t -> t.matmul(w).tanh(), data, w).sum().backward();
        Tensor expected;
        Tensor w2 = w.detach().requiresGrad(true);
        data.matmul(w2).tanh().sum().backward();
        expected = w2.grad();
        assertThat(w.grad().data()).containsExactly(expected.data());
        // nothing requires a gradient: no graph
        try (NoGrad g = NoGrad.scope()) {
            assertThat(Checkpoint.apply(t -> t.matmul(w), data, w).gradFn()).isNull();
        }
    }
}
