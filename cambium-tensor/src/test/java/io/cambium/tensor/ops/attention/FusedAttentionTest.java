package io.cambium.tensor.ops.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The fused attention kernel against the same computation composed of tensor ops. */
class FusedAttentionTest {
    private static Tensor composed(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, float scale) {
        Tensor s = q.matmul(k, false, true).mul(scale);
        if (mask != null) {
            s = s.add(mask.rank() == 3 && mask.dim(0) != q.dim(0)
                    ? mask.unsqueeze(1).expand(mask.dim(0), q.dim(0) / mask.dim(0), q.dim(1), k.dim(1)).copy()
                            .reshape(q.dim(0), q.dim(1), k.dim(1))
                    : mask);
        }
        if (causal) {
            float[] c = new float[q.dim(1) * k.dim(1)];
            for (int i = 0; i < q.dim(1); i++) {
                for (int j = i + 1; j < k.dim(1); j++) {
                    c[i * k.dim(1) + j] = FusedAttention.MASKED;
                }
            }
            s = s.add(new Tensor(c, q.dim(1), k.dim(1)));
        }
        return s.softmax(2).matmul(v);
    }

    @Test
    void matchesComposedOpsForwardAndBackwardAtOneAndTwoThreads() {
        Rng rng = new Rng(1);
        Tensor q = Tensor.normal(rng, 0, 1, 6, 5, 4);
        Tensor k = Tensor.normal(rng, 0, 1, 6, 7, 4);
        Tensor v = Tensor.normal(rng, 0, 1, 6, 7, 3);
        float[] m = new float[2 * 5 * 7];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextDouble() < 0.2 ? FusedAttention.MASKED : 0f;
        }
        Tensor mask = new Tensor(m, 2, 5, 7);
        Tensor g = Tensor.normal(rng, 0, 1, 6, 5, 3);
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                for (boolean causal : new boolean[] {false, true}) {
                    Tensor[] a = leaves(q, k, v);
                    Tensor[] b = leaves(q, k, v);
                    Tensor fa = FusedAttention.apply(a[0], a[1], a[2], mask, causal, 0.5f);
                    Tensor fb = composed(b[0], b[1], b[2], mask, causal, 0.5f);
                    Fixtures.assertClose("output", fb, fa, 1e-5, 1e-6);
                    fa.backward(g);
                    fb.backward(g);
                    for (int i = 0; i < 3; i++) {
                        Fixtures.assertClose("grad " + i, b[i].grad(), a[i].grad(), 1e-4, 1e-5);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static Tensor[] leaves(Tensor... ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            out[i] = ts[i].copy().requiresGrad(true);
        }
        return out;
    }

    @Test
    void gradCheck() {
        Tensor mask = new Tensor(new float[] {0, -1e9f, 0, 0, 0, 0, -1e9f, 0, 0}, 3, 3);
        GradCheck.of(in -> FusedAttention.apply(in[0], in[1], in[2], mask, true, 0.7f))
                .check(Tensor.randn(2, 3, 4), Tensor.randn(2, 3, 4), Tensor.randn(2, 3, 2));
    }

    @Test
    void rejectsMismatchedShapes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                FusedAttention.apply(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3, 2), null, false, 1f))
                .hasMessageContaining("fused_attention");
        assertThat(FusedAttention.apply(Tensor.zeros(1, 2, 2), Tensor.zeros(1, 3, 2), Tensor.ones(1, 3, 2), null, false, 1f)
                .data()).containsOnly(1f);
    }
}
