package io.cambium.tensor.ops.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Attention on a packed q|k|v projection against PyTorch, finite differences and the cached form. */
class PackedAttentionTest {
    @Test
    void matchesPyTorchForwardAndBackward() {
        Fixtures fx = Fixtures.load("packed_attention.json");
        for (String name : fx.names()) {
            Fixtures.Case c = fx.get(name);
            Tensor qkv = c.tensor("qkv").requiresGrad(true);
            Tensor out = PackedAttention.apply(qkv, c.attr("heads").asInt(), c.attr("causal").asBoolean(),
                    (float) c.attr("scale").asDouble());
            Fixtures.assertClose(name + " out", c.tensor("out"), out, 1e-5, 1e-6);
            out.backward(c.tensor("r"));
            Fixtures.assertClose(name + " grad", c.tensor("g_qkv"), qkv.grad(), 1e-4, 1e-5);
        }
    }

    @Test
    void gradCheckCausalAcrossBlocksAndFull() {
        Rng rng = new Rng(4);
        for (boolean causal : new boolean[] {true, false}) {
            GradCheck.of(in -> PackedAttention.apply(in[0], 2, causal, 0.6f))
                    .check(Tensor.normal(rng, 0, 1, 2, PackedAttention.BLOCK + 3, 12));
        }
    }

    @Test
    void bitwiseIndependentOfTheThreadCount() {
        Rng rng = new Rng(8);
        // Multi-head (2 heads of 16) and grouped-query attention (4 query heads sharing 2 of 12).
        for (int[] hk : new int[][] {{2, 2}, {4, 2}}) {
            int hd = 96 / (hk[0] + 2 * hk[1]);
            Tensor qkv = Tensor.normal(rng, 0, 1, 3, 70, 96);
            Tensor g = Tensor.normal(rng, 0, 1, 3, 70, hk[0] * hd);
            int saved = Parallel.threads();
            float[][] outs = new float[2][];
            float[][] grads = new float[2][];
            try {
                for (int threads = 1; threads <= 2; threads++) {
                    Parallel.setThreads(threads);
                    Tensor x = qkv.copy().requiresGrad(true);
                    Tensor out = PackedAttention.apply(x, hk[0], hk[1], true, 0.5f);
                    out.backward(g);
                    outs[threads - 1] = out.data();
                    grads[threads - 1] = x.grad().data();
                }
            } finally {
                Parallel.setThreads(saved);
            }
            assertThat(outs[1]).containsExactly(outs[0]);
            assertThat(grads[1]).containsExactly(grads[0]);
        }
    }

    @Test
    void cachedDecodingMatchesTheFullCausalPass() {
        Rng rng = new Rng(9);
        int b = 2;
        int t = 40;
        int heads = 2;
        int d = 6;
        Tensor qkv = Tensor.normal(rng, 0, 1, b, t, 3 * d);
        Tensor full;
        try (NoGrad g = NoGrad.scope()) {
            full = PackedAttention.apply(qkv, heads, true, 0.4f);
        }
        Tensor keys = Tensor.zeros(b, d, 48);
        Tensor values = Tensor.zeros(b, 48, d);
        // A prefill of 35 rows (more than a block), then single rows, then a chunk of 3.
        int[] chunks = {35, 1, 1, 3};
        int start = 0;
        for (int len : chunks) {
            Tensor part = qkv.narrow(1, start, len).copy();
            Tensor got = PackedAttention.cached(part, heads, 0.4f, keys, values, start);
            Fixtures.assertClose("rows " + start + ".." + (start + len - 1), full.narrow(1, start, len), got, 1e-5, 1e-6);
            start += len;
        }
        assertThat(keys.narrow(2, 0, t).permute(0, 2, 1).copy().data()).containsExactly(qkv.narrow(2, d, d).copy().data());
        assertThat(values.narrow(1, 0, t).data()).containsExactly(qkv.narrow(2, 2 * d, d).data());
    }

    @Test
    void rejectsBadShapes() {
        assertThatThrownBy(() -> PackedAttention.apply(Tensor.zeros(1, 3, 10), 2, true, 1f))
                .hasMessageContaining("packed_attention").hasMessageContaining("(1, 3, 10)");
        assertThatThrownBy(() -> PackedAttention.apply(Tensor.zeros(1, 3, 12), 3, true, 1f))
                .hasMessageContaining("heads 3");
        assertThatThrownBy(() -> PackedAttention.cached(Tensor.zeros(1, 3, 12), 2, 1f, Tensor.zeros(1, 4, 4),
                Tensor.zeros(1, 4, 4), 2)).hasMessageContaining("outside the cache of 4");
        assertThatThrownBy(() -> PackedAttention.cached(Tensor.zeros(1, 3, 12), 2, 1f, Tensor.zeros(1, 4, 5),
                Tensor.zeros(1, 4, 5), 0)).hasMessageContaining("keys must be [1, 4, context] and values [1, context, 4]");
    }
}
